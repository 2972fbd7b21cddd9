# SPDX-License-Identifier: MIT
# plot-dfs-dpor.gp - executions per shipped scenario: full DFS against DPOR.
#
#   gnuplot -e "datafile='dfs-dpor.dat'; outfile='dfs-dpor.svg'; subtitle='...'" \
#           bench/plot-dfs-dpor.gp
#
# datafile is what `bench_explore --plot FILE` writes (section 3c), one row a
# scenario: index, name, DPOR executions, DPOR complete (0/1), DFS
# executions, DFS complete (0/1). A bar whose exploration was stopped (DFS at
# its cap, DPOR at its time limit) is hatched and labelled "≥ N": the true
# count is at least that. outfile ending in .png gives a PNG, else an SVG.

if (!exists("datafile")) datafile = 'dfs-dpor.dat'
if (!exists("outfile")) outfile = 'dfs-dpor.svg'
if (!exists("subtitle")) subtitle = ''

if (outfile[strlen(outfile)-3:] eq '.png') {
	set terminal pngcairo size 1200,700 font 'sans,10' noenhanced
} else {
	set terminal svg size 1200,700 dynamic font 'sans,11' noenhanced background '#ffffff'
}
set output outfile

stats datafile using 1 nooutput
n = STATS_records
stats datafile using (($3 > $5) ? $3 : $5) nooutput
ymax = STATS_max

set title "Executions to cover every schedule, per shipped scenario (v2): full DFS against DPOR\n".subtitle
set logscale y 10
set format y '%.0s%c'
set ylabel 'executions (log scale)'
set yrange [1:ymax * 20]
set xrange [-0.6:n-0.4]
set xtics rotate by 30 right nomirror
set ytics nomirror
set grid ytics lc rgb '#dddddd'
set key outside bottom center horizontal maxcols 2 Left reverse samplen 2 width 2
set style fill solid 0.85 border lc rgb '#333333'
set boxwidth 0.36
set bmargin 10
set lmargin 14

dpor_c = '#1f77b4'
dfs_c = '#d62728'
lbl(v, done) = (done == 1 ? '' : '≥ ') . sprintf('%.0f', v)

plot datafile using ($1-0.19):($4 == 1 ? $3 : 1/0):xtic(2) \
	with boxes lc rgb dpor_c fs solid 0.85 title 'DPOR (exhaustive)', \
     '' using ($1-0.19):($4 == 0 ? $3 : 1/0) \
	with boxes lc rgb dpor_c fs pattern 2 title 'DPOR stopped at its time limit: ≥ (lower bound)', \
     '' using ($1+0.19):($6 == 1 ? $5 : 1/0) \
	with boxes lc rgb dfs_c fs solid 0.85 title 'full DFS (every interleaving)', \
     '' using ($1+0.19):($6 == 0 ? $5 : 1/0) \
	with boxes lc rgb dfs_c fs pattern 4 title 'full DFS stopped at its cap: ≥ (lower bound)', \
     '' using ($1-0.19):3:(lbl($3, $4)) with labels rotate by 90 left offset 0,0.4 \
	font ',8' tc rgb dpor_c notitle, \
     '' using ($1+0.19):5:(lbl($5, $6)) with labels rotate by 90 left offset 0,0.4 \
	font ',8' tc rgb dfs_c notitle
