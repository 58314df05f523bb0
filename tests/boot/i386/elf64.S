/*
 * tests/boot/i386/elf64.S - an x86_64 ELF64 program for the i386 boot
 * test boot-elf64 (the i386 kernel refuses it: ELF_NOT_32BIT). It never
 * runs.
 */
	.text
	.globl	_start
_start:
	hlt
	jmp	_start

	.section .note.GNU-stack, "", @progbits
