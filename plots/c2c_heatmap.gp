# Core-to-core round trip between every measured pair of CPUs (median
# over repetitions), as a symmetric heat map with the values written in.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
w = 700
h = 600
load dir."common.gp"
set title ftitle("Core-to-core cache-line round trip (ns)") noenhanced
set xlabel "CPU"
set ylabel "CPU"
set size ratio -1
set palette rgbformulae 33,13,10
set cblabel "ns"
set autoscale xy
set xtics 1
set ytics 1
set offsets 0.5, 0.5, 0.5, 0.5
set cbrange [0:*]
unset key
plot data using (column("cpu_a")):(column("cpu_b")):(0.5):(0.5):(column("rtt_ns")) with boxxyerror fc palette fs solid, \
     data using (column("cpu_b")):(column("cpu_a")):(0.5):(0.5):(column("rtt_ns")) with boxxyerror fc palette fs solid, \
     data using (column("cpu_a")):(column("cpu_b")):(sprintf("%.0f", column("rtt_ns"))) with labels, \
     data using (column("cpu_b")):(column("cpu_a")):(sprintf("%.0f", column("rtt_ns"))) with labels
