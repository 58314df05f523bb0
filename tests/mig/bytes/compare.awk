# tests/mig/bytes/compare.awk - per routine, whether the harness output of
# mach5-mig's stubs (second file) equals GNU MIG's (first file), every line.
# -v known=FILE: "ROUTINE reason" lines, differences explained in
# mig/README.md. Prints "ROUTINE same|known|DIFF" per routine of the first
# file, in order, then the first differing lines of each DIFF.
BEGIN {
	while (known != "" && (getline line < known) > 0) {
		split(line, w, " ")
		why[w[1]] = 1
	}
}
FNR == 1 { file++ }
{
	r = $1
	if (file == 1) {
		if (!(r in gnu))
			order[++n] = r
		gnu[r] = gnu[r] "\n" $0
	} else {
		m5[r] = m5[r] "\n" $0
	}
}
END {
	for (i = 1; i <= n; i++) {
		r = order[i]
		if (gnu[r] == m5[r])
			print r, "same"
		else if (r in why)
			print r, "known"
		else {
			print r, "DIFF"
			bad[r] = 1
		}
	}
	for (i = 1; i <= n; i++) {
		r = order[i]
		if (!(r in bad))
			continue
		ng = split(gnu[r], g, "\n")
		nm = split(m5[r], m, "\n")
		for (j = 2; j <= ng || j <= nm; j++)
			if (g[j] != m[j]) {
				print "  GNU:    " substr(g[j], 1, 200)
				print "  mach5:  " substr(m[j], 1, 200)
				break
			}
	}
}
