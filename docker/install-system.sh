#!/bin/sh
# Step 1 of the Dockerfile, also run by CI: the system packages tropnet uses.
#
# - polymake: the engine behind backend="polymake" (Debian's package, run as
#   a subprocess), without its recommended packages (a web browser, graphviz,
#   gfan: several GB that tropnet never uses), plus g++, which polymake uses
#   to compile its wrappers;
# - git: the revision of the sources recorded in every metadata file.
#
# The passagemath wheels bring the Sage library, Normaliz and Singular.
set -eu

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends polymake g++ git
if [ "${TROPNET_DOCKER_BUILD:-0}" = "1" ]; then
    $SUDO rm -rf /var/lib/apt/lists/*
fi
polymake --version 2>&1 | head -n 1
