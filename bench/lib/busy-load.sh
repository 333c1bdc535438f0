#!/usr/bin/env bash
# Two busy processes switched on and off every PERIOD seconds, until this script is killed: a machine whose speed
# drifts under the measurer (a phone with apps running, a shared build box).
# Usage: bench/lib/busy-load.sh [PERIOD=3]
period=${1:-3}
sh -c 'while :; do :; done' & a=$!
sh -c 'while :; do :; done' & b=$!
trap 'kill -CONT $a $b 2>/dev/null; kill $a $b 2>/dev/null; exit 0' EXIT INT TERM
while :; do sleep "$period"; kill -STOP $a $b; sleep "$period"; kill -CONT $a $b; done
