# Shared by the bench scripts that compare two ways of measuring the same model on this machine, whose speed drifts
# by tens of percent over seconds (a shared VM): each model is measured in alternating pairs (the order flips every
# round), the ratio is taken within each pair, and the model's ratio is the median over its rounds.
# Source it after setting root and work.

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# paired_rows FIRST_FN SECOND_FN RATIO ROUNDS ARCHS_FILE
# For each nb201 architecture in ARCHS_FILE: export it, measure it ROUNDS times with the two functions (each prints a
# median in ms for a model file), alternating which goes first, and print one Markdown row: number, architecture,
# the two medians, the model's ratio (RATIO is 1/2 or 2/1: which median over which) and the pair ratios. The
# per-model ratios are left in $work/ratios, one a line.
paired_rows() {
  local first=$1 second=$2 ratio_of=$3 rounds=$4 archs=$5 i=0 arch f r x y ratio
  : > "$work/ratios"
  while IFS= read -r arch; do
    i=$((i + 1)); f="$work/m$i.onnx"
    "$root/hwnas" export --space nb201 --arch "$arch" -o "$f" >/dev/null
    : > "$work/x"; : > "$work/y"; : > "$work/r"
    for r in $(seq 1 "$rounds"); do
      if [ $(((i + r) % 2)) -eq 0 ]; then x=$("$first" "$f"); y=$("$second" "$f"); else y=$("$second" "$f"); x=$("$first" "$f"); fi
      echo "$x" >> "$work/x"; echo "$y" >> "$work/y"
      if [ "$ratio_of" = 1/2 ]; then
        awk -v a="$x" -v b="$y" 'BEGIN { printf "%.3f\n", a / b }' >> "$work/r"
      else
        awk -v a="$y" -v b="$x" 'BEGIN { printf "%.3f\n", a / b }' >> "$work/r"
      fi
    done
    ratio=$(median < "$work/r")
    echo "$ratio" >> "$work/ratios"
    printf '| %d | `%s` | %.3f | %.3f | %.3f | %s |\n' "$i" "$arch" "$(median < "$work/x")" "$(median < "$work/y")" \
      "$ratio" "$(paste -sd' ' "$work/r")"
  done < "$archs"
}
