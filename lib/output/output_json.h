/*
 * output_json.h - the whole json document (output_json.c), printed by
 * output_result() from the context output_text.h describes.
 */
#ifndef MULTIPING_OUTPUT_JSON_H
#define MULTIPING_OUTPUT_JSON_H

#include "output_text.h"

/* The whole JSON document. */
void output_json_print(const struct output_ctx *c);

#endif
