#!/usr/bin/env bash
# gpu-check.sh: prepares the one-call GPU proof of the cuda module, and rehearses it on this machine.
#   tools/gpu-check.sh [prepare]   build with Maven, pack carry/gpu-check/ (ignored by git, under 60 MiB with the
#                                  tree that travels), print the device `run` call to make
#   tools/gpu-check.sh rehearse [bare]
#                                  run the packed script here as the GPU machine would: a scratch copy of what
#                                  travels, no java/mvn/javac on the PATH, another HOME, and where this user may
#                                  (root, unshare), no system fonts; with bare, no libfontconfig either (then
#                                  Debian's PyTorch, which links it, cannot even be imported)
# Needs Maven, Temurin 25's jlink (JLINK, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink), MNIST in MNIST_DIR
# (default ~/.cache/jgrad/mnist, raw or .gz) and the anchors in ANCHORS (default ../shared/anchors).
# What the package holds and how to read the run's summary: tools/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$root/carry/gpu-check"
jlink="${JLINK:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink}"
mnist="${MNIST_DIR:-$HOME/.cache/jgrad/mnist}"
anchors="${ANCHORS:-$root/../shared/anchors}"
limit_mib=60
# java.desktop and java.logging come on top of the issue's four: the trainer draws PNGs (AWT, ImageIO), JUnit logs
# through java.util.logging; jdk.zipfs lets the console launcher scan a test jar; jdk.management serves JMH.
modules=java.base,jdk.incubator.vector,jdk.unsupported,java.management,java.desktop,java.logging,jdk.zipfs,jdk.management
command="bash carry/gpu-check/gpu-run.sh"
timeout_s=420

die() { echo "gpu-check: $*" >&2; exit 1; }

maven() { # Maven, quiet, without the colour codes its quiet mode still prints
  (cd "$root" && mvn -B -q "$@" 2>&1) | sed 's/\x1b\[[0-9;]*m//g'
}

mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }

travelling_bytes() { # the tree that travels besides carry/gpu-check: tracked and untracked-not-ignored files
  (cd "$root" && git ls-files -z -c -o --exclude-standard | xargs -0 -r stat -c %s 2> /dev/null) | awk '{s += $1} END {print s + 0}'
}

prepare() {
  [ -x "$jlink" ] || die "no jlink at $jlink (Temurin 25; set JLINK)"
  command -v mvn > /dev/null || die "no mvn on the PATH"
  for f in torch_vae.py cuda_sgemm.py; do [ -f "$anchors/$f" ] || die "no $anchors/$f (set ANCHORS)"; done
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$mnist/$f" ] || [ -f "$mnist/$f.gz" ] || die "no $mnist/$f(.gz) (set MNIST_DIR, or run ./vae train once)"
  done
  local junit_version
  junit_version="$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' "$root/pom.xml")"
  [ -n "$junit_version" ] || die "cannot read junit.version (5.x.y) from pom.xml"

  echo "gpu-check: building with Maven (tests skipped; mvn -B verify runs them)"
  maven -DskipTests package || die "the Maven build failed"
  rm -rf "$pkg"
  mkdir -p "$pkg/lib" "$pkg/mnist" "$pkg/anchors"
  echo "gpu-check: junit-platform-console-standalone $junit_version"
  maven -N dependency:copy \
      "-Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_version" \
      -DoutputDirectory="$pkg/lib" -Dmdep.stripVersion=true || die "could not fetch the JUnit console launcher"

  local version jar
  version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
  cp "$root/benchmarks/target/benchmarks.jar" "$pkg/lib/"
  for jar in core/target/jgrad-core-$version-tests.jar cuda/target/jgrad-cuda-$version-tests.jar; do
    [ -f "$root/$jar" ] || die "no $jar after the build"
  done
  cp "$root/core/target/jgrad-core-$version-tests.jar" "$pkg/lib/jgrad-core-tests.jar"
  cp "$root/cuda/target/jgrad-cuda-$version-tests.jar" "$pkg/lib/jgrad-cuda-tests.jar"
  cp "$root/benchmarks/target/jvm.args" "$pkg/lib/bench.jvm.args"
  cp "$root/examples/vae/target/jvm.args" "$pkg/lib/vae.jvm.args"
  unzip -l "$pkg/lib/benchmarks.jar" 'lib/libJCudaDriver-*-linux-x86_64.so' > /dev/null \
    || die "benchmarks.jar holds no linux-x86_64 JCudaDriver native"

  echo "gpu-check: jlink ($modules)"
  local jdk="$root/carry/.gpu-check-jdk"
  rm -rf "$jdk"
  # zip-0: the image travels as a solid xz archive, which packs uncompressed modules to 21 MB against 34 MB for
  # zip-9 ones (and the unpacked zip-9 image, 61 MB, would not fit the 64 MiB at all).
  "$jlink" --add-modules "$modules" --compress=zip-0 --strip-debug --no-header-files --no-man-pages \
    --output "$jdk" 2>&1 | grep -v 'Using incubator modules' || true
  [ -x "$jdk/bin/java" ] || die "jlink made no runtime"
  strip --strip-unneeded "$jdk/lib/server/libjvm.so" 2> /dev/null || echo "gpu-check: (libjvm.so left unstripped)"
  # A font of the runtime's own, for the trainer's PNGs on a machine without fonts: Liberation Sans from the
  # PDFBox jar already in benchmarks.jar, named by fontconfig.properties for the JDK's fallback when there is no
  # libfontconfig; gpu-run.sh adds the folder to fontconfig's where there is.
  mkdir -p "$jdk/lib/fonts"
  unzip -p "$pkg/lib/benchmarks.jar" org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf \
    > "$jdk/lib/fonts/LiberationSans-Regular.ttf"
  [ -s "$jdk/lib/fonts/LiberationSans-Regular.ttf" ] || die "no LiberationSans-Regular.ttf in benchmarks.jar"
  {
    echo "# Every logical font is Liberation Sans (lib/fonts), used where libfontconfig is missing."
    echo "version=1"
    for family in serif sansserif monospaced dialog dialoginput; do
      for style in plain bold italic bolditalic; do echo "$family.$style.latin-1=LiberationSans"; done
    done
    echo "sequence.allfonts=latin-1"
    echo 'filename.LiberationSans=$JRE_LIB_FONTS/LiberationSans-Regular.ttf'
  } > "$jdk/lib/fontconfig.properties"
  "$jdk/bin/java" --list-modules | grep -q '^jdk.incubator.vector' || die "the runtime lacks jdk.incubator.vector"
  tar -cf - -C "$jdk" . | xz -9 -T2 > "$pkg/jdk.tar.xz"
  rm -rf "$jdk"

  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$mnist/$f" ]; then gzip -9 -n -c "$mnist/$f" > "$pkg/mnist/$f.gz"; else cp "$mnist/$f.gz" "$pkg/mnist/"; fi
  done
  cp "$anchors/torch_vae.py" "$anchors/cuda_sgemm.py" "$root/tools/torch_launches.py" "$pkg/anchors/"
  cp "$root/tools/gpu-run.sh" "$root/tools/gpu-summary.sh" "$pkg/"

  {
    echo "jgrad $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!carry' || echo '+changes')"
    echo "prepared $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
    echo "runtime: $("$jlink" --version) jlink, modules $modules"
    echo
    (cd "$pkg" && find . -type f ! -name manifest.txt | sort | xargs sha256sum)
  } > "$pkg/manifest.txt"

  local package travelling total
  package="$(du -sb "$pkg" | cut -f1)"
  travelling="$(travelling_bytes)"
  total=$(( package + travelling ))
  echo
  du -ah "$pkg" | sort -k2 | sed "s:$root/::"
  echo "gpu-check: package $(mib "$package") + the rest of the tree that travels $(mib "$travelling") = $(mib "$total")"
  (( total <= limit_mib * 1048576 )) || die "over $limit_mib MiB: the device takes 64 MiB in all"
  cat <<EOF

Ready. From the checkout this session's device tool sends (its root holds carry/gpu-check), make one call:
  run(command="$command", carry=["carry/gpu-check"], timeout_s=$timeout_s)
It needs about 5 minutes of the device and stops its steps by 360 s (GPU_CHECK_BUDGET_S); what comes back is the
summary at the end of the output, and OUT/summary.txt and OUT/logs.tar.gz. Rehearse it here first:
  tools/gpu-check.sh rehearse
EOF
}

rehearse() { # [bare]
  local bare=no
  [ "${1:-}" = bare ] && bare=yes
  [ -f "$pkg/gpu-run.sh" ] || die "no package: run tools/gpu-check.sh prepare first"
  local scratch repo shims
  scratch="$(mktemp -d /tmp/gpu-check-rehearsal.XXXXXX)"
  repo="$scratch/repo"
  shims="$scratch/shims"
  mkdir -p "$repo" "$shims" "$scratch/home" "$scratch/out"
  # What travels: tracked and untracked-not-ignored files, and the carried folder.
  (cd "$root" && git ls-files -z -c -o --exclude-standard | xargs -0 -r cp --parents -t "$repo" 2> /dev/null) || true
  mkdir -p "$repo/carry" && cp -r "$pkg" "$repo/carry/"
  for tool in java javac jar mvn; do
    printf '#!/bin/sh\necho "rehearsal: %s was called; the GPU machine has none" >&2\nexit 97\n' "$tool" > "$shims/$tool"
    chmod +x "$shims/$tool"
  done
  local python=python3
  /usr/bin/python3 -c 'import torch' 2> /dev/null && python="/usr/bin/python3"   # a PyTorch without CUDA
  local run="cd '$repo' && env -u JAVA_HOME -u MAVEN_HOME HOME='$scratch/home' OUT='$scratch/out' \
    PATH='$shims:$(dirname "$(command -v "$python")"):/usr/local/bin:/usr/bin:/bin' \
    PYTHON='$python' bash carry/gpu-check/gpu-run.sh"
  echo "gpu-check: rehearsing in $repo (OUT=$scratch/out), Python: $python"
  local fc="" hide="mount -t tmpfs none /usr/share/fonts && mount -t tmpfs none /etc/fonts"
  if [ "$bare" = yes ]; then
    fc="$(readlink -f /lib/x86_64-linux-gnu/libfontconfig.so.1 2> /dev/null || true)"
    [ -n "$fc" ] || die "no libfontconfig.so.1 here to hide"
    hide="mount --bind /dev/null '$fc' && $hide"
  fi
  if [ "$(id -u)" = 0 ] && [ -d /usr/share/fonts ] && [ -d /etc/fonts ] \
      && unshare -m --propagation private true 2> /dev/null; then
    echo "gpu-check: in a mount namespace without system fonts${fc:+ and without libfontconfig}"
    unshare -m --propagation private bash -c "$hide && $run" || echo "gpu-check: the run exited with $?"
  else
    bash -c "$run" || echo "gpu-check: the run exited with $?"
  fi
  echo
  echo "gpu-check: OUT holds (at most 8 files of 16 MiB, 2 folders deep, names of [A-Za-z0-9._-]):"
  (cd "$scratch/out" && find . -type f -printf '%s %p\n' | sort -k2)
  local bad
  bad="$(cd "$scratch/out" && find . -mindepth 1 | awk -F/ 'NF > 4 || $NF !~ /^[A-Za-z0-9._-]+$/')"
  [ -z "$bad" ] || die "OUT holds what would not come back: $bad"
  (( $(find "$scratch/out" -type f | wc -l) <= 8 )) || die "OUT holds more than 8 files"
  [ -z "$(find "$scratch/out" -type f -size +16M)" ] || die "OUT holds a file over 16 MiB"
  echo "gpu-check: rehearsal done; scratch copy in $scratch"
}

case "${1:-prepare}" in
  prepare) prepare ;;
  rehearse) rehearse "${2:-}" ;;
  *) die "usage: tools/gpu-check.sh [prepare | rehearse [bare]]" ;;
esac
