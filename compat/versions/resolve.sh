#!/usr/bin/env bash
# Resolves the class path of each RocketMQ version under this folder (one POM per version:
# versions cannot share one class path) into <out>/rocketmq-<version>.txt, with the Maven
# that runs the build. Run by liftoff-compat's build in generate-test-resources:
#   resolve.sh <maven.home> offline=<true|false> <local repository> <out>
# Skips the work when every file is newer than the POMs. Never fails the build: a version
# whose artifacts cannot be resolved has no file, and its tests are skipped with a message
# pointing to <out>/resolve.log.
set -u
maven_home=$1
offline=$2
repository=$3
out=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

fresh=true
for pom in "$here"/*/pom.xml; do
  file="$out/rocketmq-$(basename "$(dirname "$pom")").txt"
  if [ ! -s "$file" ] || [ "$pom" -nt "$file" ] || [ "$here/pom.xml" -nt "$file" ]; then
    fresh=false
  fi
done
if [ "$fresh" = true ]; then
  echo "RocketMQ class paths are up to date in $out"
  exit 0
fi

rm -f "$out"/rocketmq-*.txt
flags=(-B -ntp -fae "-Dmaven.repo.local=$repository")
if [ "$offline" = offline=true ]; then
  flags+=(-o)
fi
mvn="$maven_home/bin/mvn"
if [ ! -x "$mvn" ]; then
  mvn=mvn
fi
if "$mvn" "${flags[@]}" -f "$here/pom.xml" dependency:build-classpath \
    "-Dmdep.outputFile=$out/\${project.artifactId}.txt" > "$out/resolve.log" 2>&1; then
  echo "Resolved the RocketMQ class paths into $out"
else
  echo "Could not resolve every RocketMQ version (see $out/resolve.log); the suite skips those without a class path:"
  for pom in "$here"/*/pom.xml; do
    file="$out/rocketmq-$(basename "$(dirname "$pom")").txt"
    [ -s "$file" ] || echo "  $(basename "$(dirname "$pom")")"
  done
fi
rm -f "$out/rocketmq-versions.txt"
exit 0
