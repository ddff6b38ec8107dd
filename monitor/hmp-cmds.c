/*
 * The monitor's commands: one table (name|alias, parameters, help,
 * handler), from which `help` is printed and lines are dispatched;
 * `info` has a table of its own.
 *
 * Commands run on the main loop between two runs of the CPU, so they may
 * look at and change the machine directly.
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "sysemu/runstate.h"
#include "monitor/monitor-internal.h"
#include "block/blockdev-hmp.h"
#include "monitor/hmp-memory.h"
#include "ui/ui-hmp-cmds.h"
#include "net/net-hmp.h"
#include "hw/pci/pci-hmp.h"

typedef struct MonitorCommand {
    const char *names;      /* "cont|c": the name, then aliases */
    const char *params;     /* NULL: takes no argument */
    const char *help;
    void (*handler)(Monitor *mon, const char *arg);
} MonitorCommand;

static const MonitorCommand monitor_commands[];

/* ---- info ---- */

static void hmp_info_status(Monitor *mon, const char *arg)
{
    RunState state = runstate_get();

    if (state == RUN_STATE_RUNNING || state == RUN_STATE_PAUSED) {
        monitor_printf(mon, "VM status: %s\n", runstate_name(state));
    } else {
        monitor_printf(mon, "VM status: paused (%s)\n", runstate_name(state));
    }
}

static void hmp_info_registers(Monitor *mon, const char *arg)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);

        if (!f) {
            monitor_printf(mon, "info registers: %s\n", strerror(errno));
            return;
        }
        cpu->ops->dump_state(cpu, f);
        fclose(f);
        monitor_puts(mon, text);
        free(text);
    }
}

static const MonitorCommand info_commands[] = {
    { "block", "[device]", "show the drives and their images", hmp_info_block },
    { "mice", NULL, "show which guest mouse receives events", hmp_info_mice },
    { "network", NULL, "show the network clients and their peers", hmp_info_network },
    { "pci", NULL, "show the PCI devices, their IRQs and BARs", hmp_info_pci },
    { "registers", NULL, "show the CPU registers", hmp_info_registers },
    { "status", NULL, "show whether the VM runs (running|paused)", hmp_info_status },
    { "usernet", NULL, "show the user network's connections and forwardings",
      hmp_info_usernet },
    { NULL },
};

/* ---- commands ---- */

static void hmp_stop(Monitor *mon, const char *arg)
{
    if (runstate_is_running()) {
        vm_stop(RUN_STATE_PAUSED);
    }
}

static void hmp_cont(Monitor *mon, const char *arg)
{
    if (runstate_get() == RUN_STATE_SHUTDOWN) {
        monitor_puts(mon, "Error: Resetting the Virtual Machine is required\n");
        return;
    }
    vm_start();
}

static void hmp_system_reset(Monitor *mon, const char *arg)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_MONITOR);
}

static void hmp_system_powerdown(Monitor *mon, const char *arg)
{
    if (!qemu_system_powerdown()) {
        monitor_puts(mon, "Error: this machine has no power button\n");
    }
}

static void hmp_quit(Monitor *mon, const char *arg)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_MONITOR);
}

static void print_command_help(Monitor *mon, const char *prefix, const MonitorCommand *cmd)
{
    monitor_printf(mon, "%s%s%s%s -- %s\n", prefix, cmd->names, cmd->params ? " " : "",
                   cmd->params ? cmd->params : "", cmd->help);
}

/* does word name cmd (its name or an alias) */
static bool command_matches(const MonitorCommand *cmd, const char *word, size_t len)
{
    const char *p = cmd->names;

    while (*p) {
        size_t n = strcspn(p, "|");
        if (n == len && !strncmp(p, word, len)) {
            return true;
        }
        p += n + (p[n] == '|');
    }
    return false;
}

static const MonitorCommand *command_find(const MonitorCommand *table, const char *word,
                                          size_t len)
{
    for (const MonitorCommand *cmd = table; cmd->names; cmd++) {
        if (command_matches(cmd, word, len)) {
            return cmd;
        }
    }
    return NULL;
}

static void hmp_help(Monitor *mon, const char *arg)
{
    const MonitorCommand *cmd;

    if (!*arg) {
        for (cmd = monitor_commands; cmd->names; cmd++) {
            print_command_help(mon, "", cmd);
        }
    } else if (!strcmp(arg, "info")) {
        for (cmd = info_commands; cmd->names; cmd++) {
            print_command_help(mon, "info ", cmd);
        }
    } else if ((cmd = command_find(monitor_commands, arg, strlen(arg)))) {
        print_command_help(mon, "", cmd);
    } else {
        monitor_printf(mon, "unknown command: '%s'\n", arg);
    }
}

static void hmp_info(Monitor *mon, const char *arg)
{
    const MonitorCommand *cmd;

    if (!*arg) {
        hmp_help(mon, "info");
    } else if ((cmd = command_find(info_commands, arg, strlen(arg)))) {
        cmd->handler(mon, "");
    } else {
        monitor_printf(mon, "unknown info subcommand: '%s' (try 'help info')\n", arg);
    }
}

static const MonitorCommand monitor_commands[] = {
    { "change", "device filename [format]", "insert a new medium (CD-ROM, floppy)", hmp_change },
    { "commit", "device|all", "write a -snapshot drive's changes into its image", hmp_commit },
    { "cont|c", NULL, "resume emulation", hmp_cont },
    { "eject", "[-f] device", "eject a removable medium (-f: even if locked)", hmp_eject },
    { "help|?", "[cmd]", "show the help", hmp_help },
    { "hostfwd_add", "[netdev_id] tcp|udp:[hostaddr]:hostport-[guestaddr]:guestport",
      "forward a host port to the guest (user networking)", hmp_hostfwd_add },
    { "hostfwd_remove", "[netdev_id] tcp|udp:[hostaddr]:hostport",
      "remove a host port forwarding", hmp_hostfwd_remove },
    { "info", "[subcommand]", "show information about the machine ('help info' lists them)",
      hmp_info },
    { "mouse_button", "state", "change mouse button state (1=L, 2=R, 4=M)", hmp_mouse_button },
    { "mouse_move", "dx dy [dz]", "send mouse move events", hmp_mouse_move },
    { "quit|q", NULL, "quit the emulator", hmp_quit },
    { "screendump", "[-f ppm|png] filename", "save the screen as an image (PNG for *.png)",
      hmp_screendump },
    { "sendkey", "keys [hold_ms]", "send keys to the guest (e.g. ctrl-alt-delete; default 100 ms)",
      hmp_sendkey },
    { "set_link", "name on|off", "change the link status of a network adapter", hmp_set_link },
    { "stop|s", NULL, "stop emulation", hmp_stop },
    { "system_powerdown", NULL, "press the power button (an ACPI event to the guest)",
      hmp_system_powerdown },
    { "system_reset", NULL, "reset the machine", hmp_system_reset },
    { "xp", "/fmt addr", "physical memory dump starting at addr (fmt: count, x|d|u|o|c, b|h|w|g)",
      hmp_xp },
    { NULL },
};

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

void monitor_handle_command(Monitor *mon, const char *line)
{
    const char *word = skip_spaces(line);
    size_t len = strcspn(word, " \t");
    char arg[256];
    const MonitorCommand *cmd;

    if (!len) {
        return;
    }
    cmd = command_find(monitor_commands, word, len);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%.*s'\n", (int)len, word);
        return;
    }
    /* the argument, without the spaces around it */
    snprintf(arg, sizeof(arg), "%s", skip_spaces(word + len));
    for (size_t n = strlen(arg); n && (arg[n - 1] == ' ' || arg[n - 1] == '\t'); n--) {
        arg[n - 1] = 0;
    }
    if (!cmd->params && *arg) {
        monitor_printf(mon, "%.*s: extraneous characters at the end of line\n", (int)len, word);
        return;
    }
    cmd->handler(mon, arg);
}
