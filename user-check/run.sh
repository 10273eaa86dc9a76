#!/usr/bin/env bash
# The user's view, checked by `mvn verify` (module user-check): builds user-check/project, a separate Maven project
# that imports io.jipc:ipc-bom and depends on ipc-api, ipc-pipe, ipc-shm and ipc-pool, against the artifacts this
# build just made. They go into a repository under target/ (never ~/.m2, which other builds read); everything else
# is read from this build's local repository as a file:// mirror (no network, nothing written there). Then the
# program runs with plain `java -cp`: first without JVM options, expecting the clear MissingJvmOptionsException,
# then with the options that error names, expecting "OK".
#
# usage: run.sh JAVA_HOME VERSION OUTER_LOCAL_REPO MAVEN_HOME TARGET_DIR
set -euo pipefail

java_home=$1 version=$2 outer_repo=$3 maven_home=$4 target=$5
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
repo=$target/user-repo
work=$target/user-project
java=$java_home/bin/java
started=$SECONDS

rm -rf "$repo" "$work"
mkdir -p "$repo"
cp -r "$here/project" "$work"

# install an artifact the way `mvn install` lays it out: io/jipc/<artifact>/<version>/<artifact>-<version>.<ext>
put() {
  local artifact=$1 pom=$2 jar=${3:-}
  local dir=$repo/io/jipc/$artifact/$version
  mkdir -p "$dir"
  cp "$pom" "$dir/$artifact-$version.pom"
  if [ -n "$jar" ]; then
    cp "$jar" "$dir/$artifact-$version.jar"
  fi
}
put jipc-parent "$root/pom.xml"
put ipc-bom "$root/ipc-bom/pom.xml"
for module in ipc-api ipc-pipe ipc-shm ipc-pool; do
  put "$module" "$root/$module/pom.xml" "$root/$module/target/$module-$version.jar"
done

cat > "$work/settings.xml" <<SETTINGS
<settings>
  <mirrors>
    <mirror><id>this-build</id><mirrorOf>*</mirrorOf><url>file://$outer_repo</url></mirror>
  </mirrors>
</settings>
SETTINGS

JAVA_HOME=$java_home "$maven_home/bin/mvn" -B -q -ntp -s "$work/settings.xml" -Dmaven.repo.local="$repo" \
  -f "$work/pom.xml" -Djipc.version="$version" compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
classpath=$work/target/classes:$(cat "$work/classpath.txt")

fail() {
  echo "user-check: FAILED: $*" >&2
  exit 1
}

# 1. plain java -cp, no options: the first jipc call must name the options and how to add them
set +e
"$java" -cp "$classpath" com.example.hello.Hello > "$work/without.out" 2> "$work/without.err"
status=$?
set -e
grep -q "io.jipc.process.MissingJvmOptionsException: this JVM was started without --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED" \
  "$work/without.err" || { cat "$work/without.err" >&2; fail "no clear error without the options"; }
[ "$status" -ne 0 ] || fail "the program exited 0 without the options"
grep -q "JDK_JAVA_OPTIONS" "$work/without.err" || fail "the error does not say how to add the options"
if grep -q "IllegalAccessError" "$work/without.err"; then fail "an IllegalAccessError came through"; fi

# 2. the options the error named, on the command line: everything works
options=$(grep -A1 "Start the JVM with every option" "$work/without.err" | tail -1 | sed "s/^ *//")
[ -n "$options" ] || fail "cannot read the options from the error"
# shellcheck disable=SC2086 # the options are separate words
"$java" $options -cp "$classpath" com.example.hello.Hello > "$work/with.out" 2> "$work/with.err" \
  || { cat "$work/with.err" >&2; fail "the program failed with the options: $options"; }
grep -q "^OK hello-jipc" "$work/with.out" || { cat "$work/with.out" "$work/with.err" >&2; fail "no OK line"; }

echo "user-check: $("$java" -version 2>&1 | head -1): without options, the clear error; with '$options', $(cat "$work/with.out") ($((SECONDS - started)) s)"
