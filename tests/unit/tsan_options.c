/*
 * tests/unit/tsan_options.c - ThreadSanitizer's options for the tests
 * built with it (test_ipc_smp, test_vm_smp: libh_tsan.a): the first race
 * ends the test, failed.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:abort_on_error=1:report_signal_unsafe=0";
}
