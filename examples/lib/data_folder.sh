# Sourced by the examples' run.sh scripts whose data is not bundled: a data
# variable that is set must point at what the script reads, or the script
# says so and exits 66 (a mistyped path is not taken for "skipped").
#   require_data_folder VAR FOLDER FILE...  exits 66 unless FOLDER holds every FILE
require_data_folder() {
  local var=$1 folder=$2
  shift 2
  local file why
  for file in "$@"; do
    [ -f "$folder/$file" ] && continue
    if [ ! -e "$folder" ]; then why="does not exist"
    elif [ ! -d "$folder" ]; then why="is not a folder"
    else why="has no $file"; fi
    echo "$var=$folder $why; it must be the folder holding $*." >&2
    exit 66
  done
}
