# tests/mig/bytes/gen.awk - the driver of the byte differential, from the
# prototypes of one interface (lines of gnu/protos.awk: "ret name(type
# arg, ...)"). Usage:
#   awk -v out=driver|unames|snames -v demux=SUBSYS_server -f gen.awk \
#       BASE.user BASE.server
# out=driver: a caller per user routine (fixed arguments, then what the
# stub gave back) and a fake per server routine (what it got, fixed
# out-values); out=unames / snames: the macros that rename the user stubs
# to U_name and the server routines to F_name (the two share names).

function parse(line,    open, head, args, n, i, p, w) {
	open = index(line, "(")
	head = substr(line, 1, open - 1)
	args = substr(line, open + 1, length(line) - open - 1)
	n = split(head, w, " ")
	ret = w[1]
	name = w[n]
	np = 0
	if (args == "" || args == "void")
		return
	n = split(args, w, ", ")
	for (i = 1; i <= n; i++) {
		p = w[i]
		# The name is the last word, after any '*'.
		match(p, /[A-Za-z_][A-Za-z_0-9]*$/)
		pname[i] = substr(p, RSTART)
		ptype[i] = substr(p, 1, RSTART - 1)
		sub(/ +$/, "", ptype[i])
		np = i
	}
}

function decl(i) {
	t = ptype[i]
	if (t ~ /\*$/)
		return t "a" (i - 1)
	return t " a" (i - 1)
}

# The index of argument i's count argument (a pointer if ptr), or 0.
function cnt_of(i, ptr,    j) {
	for (j = i + 1; j <= np; j++)
		if (pname[j] == pname[i] "Cnt" && ptype[j] == \
		    (ptr ? "mach_msg_type_number_t *" : "mach_msg_type_number_t"))
			return j
	return 0
}

# Whether argument i is the count of an array argument.
function is_count(i,    j) {
	for (j = 1; j < i; j++)
		if (pname[i] == pname[j] "Cnt")
			return 1
	return 0
}

# Whether argument i is an array of addresses (vm_offset_t, the C type
# of pointer_t; harness.h, HD_ADDR_ELEM).
function isaddr(i,    t) {
	t = ptype[i]
	sub(/^const /, "", t)
	sub(/ *\*$/, "", t)
	return t == "vm_offset_t"
}

function caller(    i, a, call) {
	printf "extern %s U_%s(", ret, name
	for (i = 1; i <= np; i++)
		printf "%s%s", (i > 1 ? ", " : ""), decl(i)
	printf "%s);\n", (np ? "" : "void")
	printf "static void call_%s(void)\n{\n", name
	for (i = 1; i <= np; i++)
		printf "\t%s;\n", decl(i)
	printf "\t%s kr;\n", ret
	for (i = 1; i <= np; i++) {
		a = "a" (i - 1)
		if (ptype[i] == "mach_msg_type_number_t")
			printf "\t%s = 3;\n", a
		else if (ptype[i] == "mach_msg_type_number_t *")
			printf "\t%s = hd_region(%d);\n\t*%s = 64;\n", a, i - 1, a
		else if (ptype[i] == "mach_msg_type_name_t")
			printf "\t%s = 19;\n", a
		else
			printf "\tHD_ARG(%s, %d);\n", a, i - 1
	}
	call = ""
	for (i = 1; i <= np; i++)
		call = call (i > 1 ? ", " : "") "a" (i - 1)
	printf "\thd_stack_fill();\n\tkr = U_%s(%s);\n", name, call
	printf "\thd_dump(\"RET\", &kr, sizeof kr);\n"
	for (i = 1; i <= np; i++) {
		a = "a" (i - 1)
		if (ptype[i] ~ /^const/)
			continue
		if (cnt_of(i, 1))
			printf "\tHD_OUT_ARRAY(\"OUT.ARG%d\", %s, *a%d, %d);\n", i - 1, a, cnt_of(i, 1) - 1, isaddr(i)
		else if (ptype[i] ~ /\*$/)
			printf "\tHD_OUT_VALUE(\"OUT.ARG%d\", %s);\n", i - 1, a
		else
			printf "\tif (HD_IS_PTR(%s) && !HD_PTR_VAR(%s))\n\t\tHD_OUT_VALUE(\"OUT.ARG%d\", %s);\n", a, a, i - 1, a
	}
	printf "}\n\n"
	routines[++nr] = name
}

function fake(    i, a, k) {
	printf "%s %s(", ret, name
	for (i = 1; i <= np; i++)
		printf "%s%s", (i > 1 ? ", " : ""), decl(i)
	printf "%s)\n{\n", (np ? "" : "void")
	for (i = 1; i <= np; i++) {
		a = "a" (i - 1)
		k = 300 + i
		if (is_count(i))
			continue
		if (cnt_of(i, 0)) {
			printf "\tHD_IN_ARRAY(\"SRV.ARG%d\", %s, a%d);\n", i - 1, a, cnt_of(i, 0) - 1
		} else if (cnt_of(i, 1)) {
			printf "\tHD_SET_ARRAY(%s, a%d, %d, %d);\n", a, cnt_of(i, 1) - 1, k, isaddr(i)
		} else if (ptype[i] ~ /\*$/) {
			if (ptype[i] == "mach_msg_type_name_t *")
				printf "\t*%s = 19;\n", a
			else
				printf "\tHD_SET_VALUE(%s, %d);\n", a, k
		} else if (ptype[i] ~ /^const/) {
			printf "\tHD_IN_VALUE(\"SRV.ARG%d\", %s);\n", i - 1, a
		} else {
			printf "\tif (HD_PTR_VAR(%s) || !HD_IS_PTR(%s))\n", a, a
			printf "\t\tHD_IN_VALUE(\"SRV.ARG%d\", %s);\n", i - 1, a
			printf "\telse\n\t\tHD_SET_VALUE(%s, %d);\n", a, k
		}
	}
	printf "\treturn hd_kr;\n}\n\n"
}

FNR == 1 { file++ }
{
	parse($0)
	if (out == "unames" && file == 1)
		printf "#define %s U_%s\n", name, name
	else if (out == "snames" && file == 2)
		printf "#define %s F_%s\n", name, name
	else if (out == "driver" && file == 1)
		caller()
	else if (out == "driver" && file == 2)
		fake()
}
END {
	if (out != "driver")
		exit
	printf "const struct hd_routine hd_routines[] = {\n"
	for (i = 1; i <= nr; i++)
		printf "\t{\"%s\", call_%s},\n", routines[i], routines[i]
	printf "\t{0, 0},\n};\n"
	printf "extern boolean_t %s(mach_msg_header_t *, mach_msg_header_t *);\n", demux
	printf "int (*const hd_demux)(void *, void *) = (int (*)(void *, void *))%s;\n", demux
}
