#!/usr/bin/env bash
# Packs build/acctseg and build/gen_accounts with every shared library they
# load, the dynamic loader included, into out/device/, so that they run on a
# lent machine (the `device` tool) whatever its distribution. The wrappers
# out/device/acctseg and out/device/gen_accounts start them through the
# packed loader. bench/device_run.sh is what runs there.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=out/device
rm -rf "$BUNDLE"
mkdir -p "$BUNDLE/bin" "$BUNDLE/lib"
for binary in build/acctseg build/gen_accounts; do
  cp "$binary" "$BUNDLE/bin/"
  ldd "$binary" | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' | while read -r lib; do
    cp -L "$lib" "$BUNDLE/lib/"
  done
done
for tool in acctseg gen_accounts; do
  cat > "$BUNDLE/$tool" <<WRAPPER
#!/usr/bin/env bash
# Runs the packed $tool through the packed loader. The loader is the process
# image here, so acctseg's own huge-page re-exec is replaced by setting the
# tunable directly.
dir="\$(cd "\$(dirname "\$0")" && pwd)"
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1 ACCTSEG_NO_HUGE_PAGES=1
exec "\$dir/lib/ld-linux-x86-64.so.2" --library-path "\$dir/lib" "\$dir/bin/$tool" "\$@"
WRAPPER
  chmod +x "$BUNDLE/$tool"
done
du -sh "$BUNDLE"
