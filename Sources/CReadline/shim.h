// GNU readline (Debian: libreadline-dev). Linked dynamically; see README for licensing.
#include <stdio.h>
#include <string.h>
#include <locale.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 rejects reads and writes of C global variables (shared mutable state), so the
// REPL touches readline's globals only through these small functions.

/// After `:load `, a file name is one word: only blanks and quotes break it.
static inline char *regula_rl_word_breaks(void) {
    static char path_breaks[] = " \t\n\"";
    return strncmp(rl_line_buffer, ":load", 5) == 0 ? path_breaks : NULL;
}

/// Takes the character set from the environment (readline reads UTF-8 input only in a
/// UTF-8 locale), and where that names none — the "C" or "POSIX" locale of a bare
/// container or `env -i` — uses C.UTF-8 when the system has it, as Python does (PEP 538):
/// otherwise typing a Unicode name such as `λ` would reach readline as two meta keys.
static inline void regula_use_utf8_locale(void) {
    const char *current = setlocale(LC_CTYPE, "");
    if (current != NULL && strcmp(current, "C") != 0 && strcmp(current, "POSIX") != 0) return;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
}

/// Configures readline for the REPL: our own SIGINT handling, word breaks that keep
/// `a.b.c` together (for field completion), and the completion function.
static inline void regula_rl_configure(rl_completion_func_t *completer) {
    static char word_breaks[] = " \t\n\"'`@$><=;:|&{}()[],+-*/%!^~";
    rl_readline_name = "regula";
    rl_catch_signals = 0;
    rl_completer_word_break_characters = word_breaks;
    rl_completion_word_break_hook = regula_rl_word_breaks;
    rl_attempted_completion_function = completer;
    // Editing a recalled line changes readline's copy of that history entry; without this,
    // the edit (not what ran) would stay in the history and be saved to the file.
    rl_variable_bind("revert-all-at-newline", "on");
}

// Readline's own function behind `revert-all-at-newline` (exported, not in its headers).
extern void _rl_revert_all_lines(void);

/// Undoes the edits of recalled history lines when a line ends other than by Enter
/// (Ctrl-C), as `revert-all-at-newline` does at Enter and at Ctrl-D. Must run before the
/// current line's undo list is freed.
static inline void regula_rl_revert_history_edits(void) {
    _rl_revert_all_lines();
}

/// Called from the completion function: no filename fallback, and what (if anything)
/// follows a unique match.
static inline void regula_rl_completion_settings(int allow_filenames, int append_character) {
    rl_attempted_completion_over = allow_filenames ? 0 : 1;
    rl_completion_append_character = append_character;
}

/// The text of the line being edited (valid during completion).
static inline const char *regula_rl_line_buffer(void) { return rl_line_buffer; }

/// Discards the line being edited after Ctrl-C at the prompt: leaves incremental search
/// and other pending states, frees undo information, and moves the cursor to the end so
/// the abandoned text stays visible above the next prompt.
static inline void regula_rl_abandon_line(void) {
    rl_callback_sigcleanup();
    regula_rl_revert_history_edits();
    rl_free_line_state();
    rl_point = rl_end;
    rl_redisplay();
}

/// A history entry of several lines (a multi-line REPL entry) stays one entry in the
/// history file: each entry is written after a `#<time>` line, and reading joins the lines
/// up to the next one. A file without those lines reads as one entry per line.
static inline void regula_history_keep_multiline_entries(void) {
    history_comment_char = '#';  // without it, readline records no times to write
    history_write_timestamps = 1;
#if RL_READLINE_VERSION >= 0x0802
    history_multiline_entries = 1;
#endif
}

/// After the process was stopped (Ctrl-Z) and continued, the shell has put the terminal
/// back in its normal mode: set readline's mode again and redraw the prompt and line.
static inline void regula_rl_resume(void) {
    if (rl_deprep_term_function) (*rl_deprep_term_function)();
    if (rl_prep_term_function) (*rl_prep_term_function)(1);
    rl_on_new_line();
    rl_forced_update_display();
}

#include <signal.h>
#include <termios.h>
#include <unistd.h>

/// The terminal's settings when the REPL started (see `regula_restore_terminal_and_reraise`).
/// A function's static: a header's global variable would have no definition to link.
static inline struct termios *regula_saved_terminal(void) {
    static struct termios settings;
    return &settings;
}

static inline volatile sig_atomic_t *regula_terminal_saved(void) {
    static volatile sig_atomic_t saved = 0;
    return &saved;
}

static inline void regula_save_terminal(void) {
    if (tcgetattr(0, regula_saved_terminal()) == 0) *regula_terminal_saved() = 1;
}

/// The handler of signals that end the REPL (SIGTERM, SIGHUP, SIGQUIT): puts the terminal
/// back in the mode it had before readline changed it (no echo, no line editing would
/// otherwise outlive the process), then lets the signal end the process as if it were not
/// caught. Async-signal-safe.
static inline void regula_restore_terminal_and_reraise(int signal_number) {
    if (*regula_terminal_saved()) tcsetattr(0, TCSANOW, regula_saved_terminal());
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}
