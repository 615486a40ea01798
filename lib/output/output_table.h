/*
 * output_table.h - the per-host table, worst class first (output_table.c), printed by
 * output_result() from the context output_text.h describes.
 */
#ifndef MULTIPING_OUTPUT_TABLE_H
#define MULTIPING_OUTPUT_TABLE_H

#include "output_text.h"

/* The per-host table, worst class first. */
void output_table_print(const struct output_ctx *c);

#endif
