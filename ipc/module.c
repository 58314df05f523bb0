/*
 * ipc/module.c - finding the module that serves a message id.
 *
 * Lock order: none (the registry is read-only after the link).
 */
#include <stddef.h>
#include <ipc/module.h>

/* Section bounds from the linker; weak so an empty registry links. */
extern const struct mig_subsystem __start_mach5_subsys[] __attribute__((weak));
extern const struct mig_subsystem __stop_mach5_subsys[] __attribute__((weak));

const struct mig_subsystem *module_find_subsystem(mach_msg_id_t id)
{
	static const struct mig_subsystem *last; /* calls come in runs */
	const struct mig_subsystem *s = last;

	if (s != NULL && id >= s->base && id < s->end)
		return s;
	if (__start_mach5_subsys == NULL)
		return NULL;
	for (s = __start_mach5_subsys; s < __stop_mach5_subsys; s++)
		if (id >= s->base && id < s->end)
			return last = s;
	return NULL;
}
