// LiveService::ParsedEvent (live_service.h): what a request thread hands the
// committer with an event's log payload.
#pragma once

#include "live/universe.h"
#include "server/live_service.h"

namespace acctseg::server {

struct LiveService::ParsedEvent {
  LiveEvent event;           // the payload, parsed and validated
  bool with_account = true;  // the answer carries the account's row (a batch's does not)
};

}  // namespace acctseg::server
