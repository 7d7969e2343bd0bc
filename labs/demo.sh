#!/usr/bin/env bash
# make demo: runs the labs' core exchanges on loopback and prints what each side
# printed, as in the handouts' "Exécution" sections. Each lab adds one script
# under labs/demo/, run in name order.
set -u
cd "$(dirname "$0")/.." || exit 1
. labs/demo/lib.bash

status=0
for part in labs/demo/[0-9]*.sh; do
    bash "$part" || { echo "demo: $part failed" >&2; status=1; }
done
exit "$status"
