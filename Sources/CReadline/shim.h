// GNU readline (Debian: libreadline-dev). Linked dynamically; see README for licensing.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
