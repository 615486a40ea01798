/*
 * state.h - the four plugin states of the Monitoring Plugins contract and
 * how two of them combine.
 *
 * The numeric values are the plugin's exit codes; nothing else may be used
 * as an exit code.  "Worst of" ranks CRITICAL > WARNING > UNKNOWN > OK, as
 * the Monitoring Plugins' max_state_alt() does: a check that could not decide
 * (UNKNOWN) must not hide one that decided WARNING or CRITICAL.
 */
#ifndef MULTIPING_STATE_H
#define MULTIPING_STATE_H

enum state {
    STATE_OK = 0,
    STATE_WARNING = 1,
    STATE_CRITICAL = 2,
    STATE_UNKNOWN = 3,
};

static inline int state_rank(enum state s)
{
    static const int rank[] = {
        [STATE_OK] = 0, [STATE_WARNING] = 2, [STATE_CRITICAL] = 3, [STATE_UNKNOWN] = 1};
    return rank[s];
}

static inline enum state state_worst(enum state a, enum state b)
{
    return state_rank(a) >= state_rank(b) ? a : b;
}

static inline const char *state_name(enum state s)
{
    static const char *const names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    return names[s];
}

#endif
