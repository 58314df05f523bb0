/*
 * x86/console.c - the kernel console on a 16550 serial port.
 *
 * COM1 (0x3F8) unless the command line says console=comN (com0 = 0x3F8,
 * com1 = 0x2F8, com2 = 0x3E8), matched at the start of the line or after
 * a space (ABI §7.3). 115200 baud, 8N1, polled output. Input, once
 * arch_console_input_start asked for it, by the receive interrupt (IRQ 4
 * for 0x3F8 and 0x3E8, IRQ 3 for 0x2F8; x86_64/clock.c dispatches it).
 */
#include <stdbool.h>
#include <stddef.h>
#include <base/arch.h>
#include "shared.h"

#define UART_DATA 0
#define UART_IER  1
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define UART_DLL  0
#define UART_DLM  1

#define LSR_DR	 0x01
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define IER_RDA	 0x01 /* interrupt when a byte was received */
#define MCR_DTR	 0x01
#define MCR_RTS	 0x02
#define MCR_OUT2 0x08 /* connects the UART's interrupt line to the PIC */

static uint16_t console_port = 0x3F8;
/* Who gets the bytes received (arch_console_input_start), or NULL. */
static void (*console_input)(int c);

/* True if s starts with prefix. */
static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix != '\0')
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* The port selected by console=comN in cmdline, or 0 if none. */
static uint16_t console_port_from(const char *cmdline)
{
	static const uint16_t ports[] = {0x3F8, 0x2F8, 0x3E8};
	const char *p;

	for (p = cmdline; *p != '\0'; p++) {
		unsigned int unit;

		if (p != cmdline && p[-1] != ' ')
			continue;
		if (!starts_with(p, "console=com"))
			continue;
		unit = (unsigned char)p[11] - '0';
		if (unit < sizeof(ports) / sizeof(ports[0]) &&
		    (p[12] == '\0' || p[12] == ' '))
			return ports[unit];
	}
	return 0;
}

/* Select and program the serial port. Interrupts off; called once. */
void console_init(const char *cmdline)
{
	uint16_t port = console_port_from(cmdline);

	if (port != 0)
		console_port = port;
	outb(console_port + UART_IER, 0x00);
	outb(console_port + UART_LCR, LCR_DLAB);
	outb(console_port + UART_DLL, 1); /* 115200 baud */
	outb(console_port + UART_DLM, 0);
	outb(console_port + UART_LCR, 0x03); /* 8N1 */
	outb(console_port + UART_FCR, 0x07); /* FIFO on, cleared */
	outb(console_port + UART_MCR, 0x03); /* DTR, RTS */
}

/* Send one byte, waiting for the transmitter. Any interrupt state. */
static void console_send(uint8_t c)
{
	unsigned int spins = 0;

	while (!(inb(console_port + UART_LSR) & LSR_THRE) && ++spins < 100000)
		;
	outb(console_port + UART_DATA, c);
}

void arch_console_putc(int c)
{
	if (c == '\n')
		console_send('\r');
	console_send((uint8_t)c);
}

unsigned int console_irq(void)
{
	return console_port == 0x2F8 ? 3 : 4;
}

void arch_console_input_start(void (*fn)(int c))
{
	unsigned long s = arch_intr_save();

	console_input = fn;
	outb(console_port + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	outb(console_port + UART_IER, IER_RDA);
	pic_unmask(console_irq());
	arch_intr_restore(s);
}

/* The receive interrupt: hand every byte waiting to console_input.
 * Interrupts off. */
void console_interrupt(void)
{
	while (inb(console_port + UART_LSR) & LSR_DR) {
		uint8_t c = inb(console_port + UART_DATA);

		if (console_input != NULL)
			console_input(c);
	}
}
