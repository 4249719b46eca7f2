#include "server/change_note.h"

namespace acctseg::server {

nlohmann::ordered_json ToJson(const ChangeNote& note) {
  return {{"event_id", note.event_id},
          {"account_id", note.account_id},
          {"op", note.op},
          {"changed", note.changed},
          {"accounts_changed", note.accounts_changed},
          {"at_ms", note.at_ms}};
}

}  // namespace acctseg::server
