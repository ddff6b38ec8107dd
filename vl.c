/*
 * main(): the command line (QEMU's syntax, from the table in
 * include/sysemu/qemu-options.def), creating the machine, and handing over
 * to the main loop (system/cpus.c).
 *
 * Options are first collected, then applied in dependency order: logging,
 * the accelerator, chardevs, serial ports, the machine, -device, monitors,
 * reset.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/option.h"
#include "qemu/timer.h"
#include "chardev/char.h"
#include "hw/boards.h"
#include "hw/qdev.h"
#include "hw/virtio/virtio-blk.h"
#include "monitor/monitor.h"
#include "sysemu/blockdev.h"
#include "sysemu/bootdevice.h"
#include "net/net.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"
#include "exec/cpu-common.h"
#include "exec/perf-map.h"
#include "tcg/tcg.h"
#include "ui/display.h"
#include <libgen.h>
#include <unistd.h>

#define QEMU_VERSION "0.1.0"
#define DEFAULT_RAM_SIZE (128 * 1024 * 1024)
#define DEFAULT_CODE_CACHE_MB 256
#define MAX_OPTION_LIST 64

enum {
#define DEF(name, has_arg, id, args, help) id,
#include "sysemu/qemu-options.def"
#undef DEF
};

typedef struct QEMUOption {
    const char *name;
    bool has_arg;
    int index;
    const char *args;
    const char *help;
} QEMUOption;

static const QEMUOption qemu_options[] = {
#define DEF(name, has_arg, id, args, help) { name, has_arg, id, args, help },
#include "sysemu/qemu-options.def"
#undef DEF
};

extern const char *error_progname;

/* an option repeated on the command line, kept in order */
typedef struct OptionList {
    const char *items[MAX_OPTION_LIST];
    int count;
} OptionList;

static struct {
    const char *machine;
    const char *cpu_model;
    uint64_t ram_size;
    const char *kernel, *append, *initrd, *bios;
    const char *log_items, *log_file;
    const char *debugcon;
    bool use_tci;
    uint64_t code_cache_mb;
    bool nographic, nodefaults;
    const char *vga;                /* -vga: "std" or "none"; NULL: the default */
    OptionList serial, chardev, device, firmware_dirs, monitor;
} config = {
    .ram_size = DEFAULT_RAM_SIZE,
    .code_cache_mb = DEFAULT_CODE_CACHE_MB,
};

static Chardev *serial_hds[MAX_SERIAL_PORTS];

Chardev *serial_hd(int i)
{
    return i >= 0 && i < MAX_SERIAL_PORTS ? serial_hds[i] : NULL;
}

/* ---- messages ---- */

/* error for one option: "prog: -opt arg: message", exit 1 */
static void QEMU_NORETURN QEMU_PRINTF(3, 4) option_error(const char *opt, const char *arg,
                                                        const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: -%s%s%s: ", error_progname, opt, arg ? " " : "", arg ? arg : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void print_version(void)
{
    printf("QEMU emulator version " QEMU_VERSION "\n"
           "A from-scratch emulator with QEMU's command line (TCG dynamic translation)\n");
}

static void print_help(void)
{
    print_version();
    printf("usage: %s [options]\n\n", error_progname);
    for (size_t i = 0; i < ARRAY_SIZE(qemu_options); i++) {
        const QEMUOption *o = &qemu_options[i];
        char left[64];
        const char *h = o->help;

        snprintf(left, sizeof(left), "-%s%s%s", o->name, o->has_arg ? " " : "", o->args);
        if (strlen(left) < 32) {
            printf("%-32s ", left);
        } else {
            /* a long synopsis gets the help on its own lines */
            printf("%s\n%-32s ", left, "");
        }
        /* continuation lines line up under the first */
        while (*h) {
            size_t len = strcspn(h, "\n");
            printf("%.*s\n", (int)len, h);
            h += len;
            if (*h == '\n') {
                h++;
                printf("%-32s ", "");
            }
        }
    }
    printf("\nDuring -nographic emulation, Ctrl-a h lists the escape keys.\n");
}

/* ---- firmware search ---- */

static const char *exec_dir;

static void print_firmware_dirs(void)
{
    for (int i = 0; i < config.firmware_dirs.count; i++) {
        printf("%s\n", config.firmware_dirs.items[i]);
    }
}

char *qemu_find_file(const char *name)
{
    if (strchr(name, '/') || access(name, R_OK) == 0) {
        return access(name, R_OK) == 0 ? qemu_strdup(name) : NULL;
    }
    for (int i = 0; i < config.firmware_dirs.count; i++) {
        char *path;
        if (asprintf(&path, "%s/%s", config.firmware_dirs.items[i], name) < 0) {
            fatal("out of memory");
        }
        if (access(path, R_OK) == 0) {
            return path;
        }
        free(path);
    }
    return NULL;
}

static void add_option(OptionList *list, const char *opt, const char *arg)
{
    if (list->count == MAX_OPTION_LIST) {
        option_error(opt, arg, "too many -%s options (at most %d)", opt, MAX_OPTION_LIST);
    }
    list->items[list->count++] = arg;
}

/* the default search path after the -L directories */
static void add_default_firmware_dirs(void)
{
    static char build_dir[4096], moved_install_dir[4096];
    static const char *const system_dirs[] = {
        CONFIG_DATADIR, "/usr/share/qemu", "/usr/share/seabios",
    };

    if (exec_dir) {
        /* a build folder, then an installed tree wherever it was moved to */
        snprintf(build_dir, sizeof(build_dir), "%s/pc-bios", exec_dir);
        add_option(&config.firmware_dirs, "L", build_dir);
        snprintf(moved_install_dir, sizeof(moved_install_dir), "%s/../share/qemu", exec_dir);
        add_option(&config.firmware_dirs, "L", moved_install_dir);
    }
    for (size_t i = 0; i < ARRAY_SIZE(system_dirs); i++) {
        add_option(&config.firmware_dirs, "L", system_dirs[i]);
    }
}

/* ---- option values ---- */

static bool is_help(const char *arg)
{
    return !strcmp(arg, "help") || !strcmp(arg, "?");
}

static const MachineClass *find_machine(const char *name)
{
    for (int i = 0; target_machines[i]; i++) {
        if (name ? !strcmp(target_machines[i]->name, name) : target_machines[i]->is_default) {
            return target_machines[i];
        }
    }
    return NULL;
}

static void print_machines(void)
{
    printf("Supported machines are:\n");
    for (int i = 0; target_machines[i]; i++) {
        printf("%-20s %s%s\n", target_machines[i]->name, target_machines[i]->desc,
               target_machines[i]->is_default ? " (default)" : "");
    }
}

static void parse_accel_name(const char *opt, const char *arg, const char *name)
{
    if (is_help(name)) {
        printf("Accelerators supported in QEMU binary:\ntcg\n");
        exit(0);
    }
    if (strcmp(name, "tcg")) {
        option_error(opt, arg, "invalid accelerator %s (only tcg is available)", name);
    }
}

static void parse_machine(const char *arg)
{
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, "type", &err);
    const char *type, *accel;

    if (!opts) {
        option_error("machine", arg, "%s", err);
    }
    type = qemu_opt_get(opts, "type");
    if (type && is_help(type)) {
        print_machines();
        exit(0);
    }
    if (type) {
        config.machine = qemu_strdup(type);
    }
    accel = qemu_opt_get(opts, "accel");
    if (accel) {
        parse_accel_name("machine", arg, accel);
    }
    if (!qemu_opts_check_unused(opts, &err)) {
        option_error("machine", arg, "%s", err);
    }
    qemu_opts_free(opts);
}

static void parse_accel(const char *arg)
{
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, "accel", &err);
    const char *tb_size;

    if (!opts) {
        option_error("accel", arg, "%s", err);
    }
    parse_accel_name("accel", arg, qemu_opt_get(opts, "accel") ? qemu_opt_get(opts, "accel") : "");
    if (!qemu_opt_get_bool(opts, "tci", false, &config.use_tci, &err)) {
        option_error("accel", arg, "%s", err);
    }
    tb_size = qemu_opt_get(opts, "tb-size");
    if (tb_size && (!qemu_strtou64(tb_size, &config.code_cache_mb) ||
                    config.code_cache_mb < 1 || config.code_cache_mb > 2048)) {
        option_error("accel", arg, "tb-size must be 1 to 2048 (MiB)");
    }
    /* the only threading there is */
    if (qemu_opt_get(opts, "thread") && strcmp(qemu_opt_get(opts, "thread"), "single")) {
        option_error("accel", arg, "only thread=single is supported");
    }
    if (!qemu_opts_check_unused(opts, &err)) {
        option_error("accel", arg, "%s", err);
    }
    qemu_opts_free(opts);
}

static void parse_smp(const char *arg)
{
    static const char *const counts[] = { "cpus", "maxcpus", "sockets", "dies", "cores", "threads" };
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, "cpus", &err);

    if (!opts) {
        option_error("smp", arg, "%s", err);
    }
    for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
        const char *v = qemu_opt_get(opts, counts[i]);
        uint64_t n;
        if (v && (!qemu_strtou64(v, &n) || n != 1)) {
            option_error("smp", arg, "only 1 CPU is supported for now (%s=%s)", counts[i], v);
        }
    }
    if (!qemu_opts_check_unused(opts, &err)) {
        option_error("smp", arg, "%s", err);
    }
    qemu_opts_free(opts);
}

static void parse_ram_size(const char *arg)
{
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, "size", &err);
    const char *size;
    uint64_t bytes;

    if (!opts) {
        option_error("m", arg, "%s", err);
    }
    size = qemu_opt_get(opts, "size");
    if (!size || !qemu_strtosz(size, 1 << 20, &bytes) || bytes == 0) {
        option_error("m", arg, "Parameter 'size' expects a non-zero size (e.g. 256, 256M, 1G)");
    }
    if (!qemu_opts_check_unused(opts, &err)) {
        option_error("m", arg, "%s", err);
    }
    /* whole pages, as QEMU rounds it */
    config.ram_size = ROUND_UP(bytes, 8192);
    qemu_opts_free(opts);
}

static void parse_display(const char *arg)
{
    char *err = NULL;

    if (!qemu_display_parse(arg, &err)) {
        option_error("display", arg, "%s", err);
    }
}

/* -vga TYPE: the graphics card the board adds */
static void parse_vga(const char *arg)
{
    static const char *const elsewhere[] = { "cirrus", "vmware", "qxl", "virtio", "xenfb",
                                             "tcx", "cg3", "ati", "bochs" };

    if (is_help(arg)) {
        printf("none                 no graphic card\n"
               "std                  standard VGA (default)\n");
        exit(0);
    }
    if (!strcmp(arg, "std") || !strcmp(arg, "none")) {
        config.vga = arg;
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(elsewhere); i++) {
        if (!strcmp(arg, elsewhere[i])) {
            option_error("vga", arg, "%s VGA not available", arg);
        }
    }
    option_error("vga", arg, "invalid VGA type '%s' (try -vga help)", arg);
}

/* does a -device add a graphics card, which replaces the default VGA as in QEMU? */
static bool display_device_given(void)
{
    for (int i = 0; i < config.device.count; i++) {
        const char *spec = config.device.items[i];
        char *name = strndup(spec, strcspn(spec, ","));
        const DeviceClass *cls = device_class_find(name);

        free(name);
        if (cls && cls->category == DEVICE_CATEGORY_DISPLAY) {
            return true;
        }
    }
    return false;
}

/* -mon chardev=ID[,mode=readline]: kept as the -monitor chardev:ID it means */
static void parse_mon(const char *arg)
{
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, NULL, &err);
    const char *chardev, *mode;
    char *spec;

    if (!opts) {
        option_error("mon", arg, "%s", err);
    }
    chardev = qemu_opt_get(opts, "chardev");
    mode = qemu_opt_get(opts, "mode");
    if (!chardev) {
        option_error("mon", arg, "Parameter 'chardev' is missing");
    }
    if (mode && strcmp(mode, "readline")) {
        option_error("mon", arg, "mode=%s is not supported (only readline, the human monitor)",
                     mode);
    }
    if (!qemu_opts_check_unused(opts, &err)) {
        option_error("mon", arg, "%s", err);
    }
    if (asprintf(&spec, "chardev:%s", chardev) < 0) {
        fatal("out of memory");
    }
    add_option(&config.monitor, "mon", spec);
    qemu_opts_free(opts);
}

static void parse_option(int index, const char *opt, const char *arg)
{
    switch (index) {
    case QEMU_OPTION_h:
    case QEMU_OPTION_help:
        print_help();
        exit(0);
    case QEMU_OPTION_version:
        print_version();
        exit(0);
    case QEMU_OPTION_machine:
    case QEMU_OPTION_M:
        parse_machine(arg);
        break;
    case QEMU_OPTION_cpu:
        if (is_help(arg)) {
            target_cpu_list(stdout);
            exit(0);
        }
        config.cpu_model = arg;
        break;
    case QEMU_OPTION_accel:
        parse_accel(arg);
        break;
    case QEMU_OPTION_smp:
        parse_smp(arg);
        break;
    case QEMU_OPTION_m:
        parse_ram_size(arg);
        break;
    case QEMU_OPTION_kernel:
        config.kernel = arg;
        break;
    case QEMU_OPTION_append:
        config.append = arg;
        break;
    case QEMU_OPTION_initrd:
        config.initrd = arg;
        break;
    case QEMU_OPTION_bios:
        config.bios = arg;
        break;
    case QEMU_OPTION_L:
        if (is_help(arg)) {
            add_default_firmware_dirs();
            print_firmware_dirs();
            exit(0);
        }
        add_option(&config.firmware_dirs, opt, arg);
        break;
    case QEMU_OPTION_nographic:
        config.nographic = true;
        qemu_display_set_nographic();
        break;
    case QEMU_OPTION_name: {
        char *err = NULL;
        if (!qemu_name_parse(arg, &err)) {
            option_error(opt, arg, "%s", err);
        }
        break;
    }
    case QEMU_OPTION_display:
        parse_display(arg);
        break;
    case QEMU_OPTION_vga:
        parse_vga(arg);
        break;
    case QEMU_OPTION_nodefaults:
        config.nodefaults = true;
        break;
    case QEMU_OPTION_serial:
        add_option(&config.serial, opt, arg);
        break;
    case QEMU_OPTION_chardev:
        if (is_help(arg)) {
            qemu_chr_print_backends(stdout);
            exit(0);
        }
        add_option(&config.chardev, opt, arg);
        break;
    case QEMU_OPTION_debugcon:
        config.debugcon = arg;
        break;
    case QEMU_OPTION_monitor:
        add_option(&config.monitor, opt, arg);
        break;
    case QEMU_OPTION_mon:
        parse_mon(arg);
        break;
    case QEMU_OPTION_device:
        add_option(&config.device, opt, arg);
        break;
    case QEMU_OPTION_netdev:
        net_option_netdev(arg);
        break;
    case QEMU_OPTION_nic:
        net_option_nic(arg);
        break;
    case QEMU_OPTION_net:
        net_option_net(arg);
        break;
    case QEMU_OPTION_object:
        net_option_object(arg);
        break;
    case QEMU_OPTION_drive:
        drive_add(arg);
        break;
    case QEMU_OPTION_hda:
    case QEMU_OPTION_hdb:
    case QEMU_OPTION_hdc:
    case QEMU_OPTION_hdd:
        drive_add_legacy(IF_IDE, index - QEMU_OPTION_hda, arg, NULL);
        break;
    case QEMU_OPTION_cdrom:
        drive_add_legacy(IF_IDE, 2, arg, "media=cdrom");
        break;
    case QEMU_OPTION_fda:
    case QEMU_OPTION_fdb:
        drive_add_legacy(IF_FLOPPY, index - QEMU_OPTION_fda, arg, NULL);
        break;
    case QEMU_OPTION_snapshot:
        drive_set_global_snapshot(true);
        break;
    case QEMU_OPTION_boot: {
        char *err = NULL;
        if (!boot_parse_option(arg, &err)) {
            option_error(opt, arg, "%s", err);
        }
        break;
    }
    case QEMU_OPTION_no_reboot:
        no_reboot = true;
        break;
    case QEMU_OPTION_no_shutdown:
        no_shutdown = true;
        break;
    case QEMU_OPTION_d:
        if (is_help(arg)) {
            qemu_log_print_help(stdout);
            exit(0);
        }
        config.log_items = arg;
        break;
    case QEMU_OPTION_D:
        config.log_file = arg;
        break;
    case QEMU_OPTION_perfmap:
        perf_map_enable();
        break;
    }
}

static void parse_command_line(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const QEMUOption *o = NULL;
        const char *arg = NULL;

        /* a bare image name is the first hard disk, as in QEMU */
        if (opt[0] != '-') {
            drive_add_legacy(IF_IDE, 0, opt, NULL);
            continue;
        }
        opt += opt[1] == '-' ? 2 : 1;   /* --option works too */
        for (size_t j = 0; j < ARRAY_SIZE(qemu_options) && !o; j++) {
            if (!strcmp(qemu_options[j].name, opt)) {
                o = &qemu_options[j];
            }
        }
        if (!o) {
            fatal("%s: invalid option", argv[i]);
        }
        if (o->has_arg) {
            if (i + 1 >= argc) {
                fatal("%s: requires an argument", argv[i]);
            }
            arg = argv[++i];
        }
        parse_option(o->index, o->name, arg);
    }
}

/* ---- applying the configuration ---- */

static void setup_logging(void)
{
    unsigned mask = 0;
    char *bad;

    if (config.log_items && !qemu_log_parse_items(config.log_items, &mask, &bad)) {
        fatal("-d %s: unknown log item '%s' (try -d help)", config.log_items, bad);
    }
    if (!qemu_log_set_file(config.log_file)) {
        fatal("-D %s: cannot open: %s", config.log_file, strerror(errno));
    }
    qemu_loglevel = mask;
}

static void setup_tcg(void)
{
    unsigned tcg_mask = 0;

    tcg_exec_init(config.code_cache_mb << 20, config.use_tci);
    if (qemu_loglevel & CPU_LOG_TB_OP) {
        tcg_mask |= TCG_LOG_OP;
    }
    if (qemu_loglevel & CPU_LOG_TB_OP_OPT) {
        tcg_mask |= TCG_LOG_OP_OPT;
    }
    if (qemu_loglevel & CPU_LOG_TB_OUT_ASM) {
        tcg_mask |= TCG_LOG_OUT_ASM;
    }
    tcg_ctx->log_mask = tcg_mask;
    tcg_ctx->logfile = qemu_logfile;
}

static void setup_chardevs(void)
{
    char *err = NULL;

    for (int i = 0; i < config.chardev.count; i++) {
        if (!qemu_chr_new_from_opts(config.chardev.items[i], &err)) {
            option_error("chardev", config.chardev.items[i], "%s", err);
        }
    }
    /*
     * -nographic's terminal serial port, with the monitor unless -monitor
     * put that elsewhere; unless -serial or -nodefaults says otherwise
     */
    /*
     * with a window, the monitor and the serial port get text consoles
     * (Ctrl-Alt-2, Ctrl-Alt-3): the monitor's is made first, as in QEMU
     */
    if (qemu_display_is_graphical() && !config.nodefaults && !config.monitor.count) {
        if (!qemu_chr_new_legacy("compat_monitor0", "vc", &err)) {
            fatal("the monitor's text console: %s", err);
        }
        add_option(&config.monitor, "monitor", "chardev:compat_monitor0");
    }
    if (config.serial.count == 0 && !config.nodefaults) {
        add_option(&config.serial, "serial",
                   qemu_display_is_graphical() ? "vc"
                   : !config.nographic ? "null" : config.monitor.count ? "stdio" : "mon:stdio");
    }
    if (config.serial.count > MAX_SERIAL_PORTS) {
        fatal("-serial: at most %d serial ports are supported", MAX_SERIAL_PORTS);
    }
    for (int i = 0; i < config.serial.count; i++) {
        const char *spec = config.serial.items[i];
        char label[16];

        if (!strcmp(spec, "none")) {
            continue;
        }
        snprintf(label, sizeof(label), "serial%d", i);
        serial_hds[i] = qemu_chr_new_legacy(label, spec, &err);
        if (!serial_hds[i]) {
            option_error("serial", spec, "%s", err);
        }
    }
}

static void add_devices(void)
{
    char *drive_err = NULL;

    /* -drive if=virtio: a virtio-blk-pci each, before the -device ones as in QEMU */
    if (!virtio_blk_create_drive_devices(&drive_err)) {
        fatal("%s", drive_err);
    }
    if (config.debugcon) {
        char *err = NULL;
        Chardev *chr = qemu_chr_new_legacy("debugcon", config.debugcon, &err);
        char *spec;
        if (!chr || asprintf(&spec, "isa-debugcon,chardev=%s", chr->id) < 0 ||
            !qdev_device_add(spec, &err)) {
            option_error("debugcon", config.debugcon, "%s", err ? err : "out of memory");
        }
    }
    for (int i = 0; i < config.device.count; i++) {
        const char *spec = config.device.items[i];
        size_t name_len = strcspn(spec, ",");
        char *err = NULL;

        if (is_help(spec)) {
            device_class_print_list(stdout);
            exit(0);
        }
        /* NAME,help or NAME,? */
        if (spec[name_len] && is_help(spec + name_len + 1)) {
            char *name = strndup(spec, name_len);
            const DeviceClass *cls = device_class_find(name);
            if (!cls || !cls->user_creatable) {
                option_error("device", spec, "'%s' is not a valid device model name", name);
            }
            device_class_print_props(stdout, cls);
            exit(0);
        }
        if (!qdev_device_add(spec, &err)) {
            option_error("device", spec, "%s", err);
        }
    }
}

/* -monitor, -mon, and mon: serial ports (after the devices, which keep the mux's focus) */
static void add_monitors(void)
{
    char *err = NULL;

    for (int i = 0; i < config.serial.count; i++) {
        if (!strncmp(config.serial.items[i], "mon:", 4) && !monitor_init(serial_hds[i], &err)) {
            option_error("serial", config.serial.items[i], "%s", err);
        }
    }
    for (int i = 0; i < config.monitor.count; i++) {
        const char *spec = config.monitor.items[i];
        char label[32];
        Chardev *chr;

        if (!strcmp(spec, "none")) {
            continue;
        }
        snprintf(label, sizeof(label), "compat_monitor%d", i);
        chr = qemu_chr_new_legacy(label, spec, &err);
        if (!chr || !monitor_init(chr, &err)) {
            option_error("monitor", spec, "%s", err);
        }
    }
}

int main(int argc, char **argv)
{
    static char exec_path[4096];
    const MachineClass *mc;
    MachineState ms = { 0 };
    char *err = NULL;
    int status;

    error_progname = basename(argv[0]);
    /* firmware next to the binary (a build tree's pc-bios/) */
    if (realpath("/proc/self/exe", exec_path)) {
        exec_dir = dirname(exec_path);
    }

    parse_command_line(argc, argv);
    add_default_firmware_dirs();

    mc = find_machine(config.machine);
    if (!mc) {
        if (config.machine) {
            fatal("-machine %s: unsupported machine type (use -machine help to list them)",
                  config.machine);
        }
        fatal("no machine given and this binary has no default one (use -machine help)");
    }
    if (!config.kernel && (config.append || config.initrd)) {
        fatal("%s only allowed with -kernel option", config.append ? "-append" : "-initrd");
    }

    setup_logging();
    qemu_init_signals();
    setup_tcg();
    setup_chardevs();
    atexit(qemu_chr_cleanup);

    ms.ram_size = config.ram_size;
    ms.cpu_model = config.cpu_model ? config.cpu_model : mc->default_cpu_model;
    ms.kernel_filename = config.kernel;
    ms.kernel_cmdline = config.append ? config.append : "";
    ms.initrd_filename = config.initrd;
    ms.firmware = config.bios;
    if (!drives_init(!config.nodefaults, &err)) {
        fatal("%s", err);
    }
    atexit(drives_close_all);
    ms.std_vga = config.vga ? !strcmp(config.vga, "std")
                            : !config.nodefaults && !display_device_given();
    mc->init(&ms);

    net_init(config.nodefaults);
    add_devices();
    if (!drives_check_unclaimed(&err)) {
        fatal("%s", err);
    }
    add_monitors();
    if (mc->init_done) {
        mc->init_done(&ms);
    }
    qemu_display_init();
    qemu_system_reset();
    status = qemu_main_loop();
    exit(status);
}
