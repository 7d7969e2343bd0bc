#!/usr/bin/env python3
"""tests/handouts.py - runs the handouts (labs/*.md) and checks what they show.

usage: tests/handouts.py [--list | --commands] FILE.md...

Every fenced block whose info string is `console` is CHECKED: its commands are
run from a copy of the repository root and their output is compared with the
lines shown under them. Any other info string (`text`, `sh`, `python`,
`mermaid`...) is ILLUSTRATIVE and never run. labs/README.md tells handout
authors the same rules; this is the reference.

Inside a console block:
  - a line starting with `$ ` is a command (a trailing `\\` continues it on the
    next line), run with `bash -c` from the repository root;
  - the lines after it, up to the next `$ `, are its output (stdout and stderr
    as a terminal shows them, interleaved), compared line by line, exactly,
    after trailing whitespace is removed;
  - placeholders match what legitimately varies: <port> (a port number),
    <pid> and <n> (a number), <host> (a host name), <hex> (hexadecimal digits:
    a random RPC xid and its bytes);
  - a line `NAME@HOST:PORT$ TEXT` is a program's prompt followed by what the
    user typed: TEXT is written to the program's standard input once the
    program has printed that prompt (nothing is written when TEXT is empty).
    socklab's programs echo a typed line after the prompt when their input is
    not a terminal, so the line is compared as it is shown;
  - a last line starting with `^C` means the user pressed Ctrl-C: the program
    receives SIGINT once it has printed the lines before, and what follows `^C`
    is what it printed then.

Scenarios. The line just before a block may name a terminal:
`**Terminal 1 — serveur**`. The labelled console blocks of one section (up to
the next heading) form ONE scenario, run in document order, as a student would
in several terminals:
  - the last command of a block keeps running in the background (a server
    waiting for clients, a client waiting at its prompt) when it is the first
    block of the scenario, when its output has a `Listening on` line, or when
    its output ends at a prompt where nothing is typed; the scenario goes on
    once it is ready (it printed its `Listening on` line if the block shows
    one, else its first line, or opened a socket; at a prompt, it printed
    every line shown). Every other command must end (10 s).
  - a block for a terminal whose program still runs, with that same command
    as its only one, shows that terminal again, later: its lines replace what
    the earlier block showed (so they repeat them, then add the new ones);
  - a block whose first lines come before any `$ ` command shows more lines
    of the program its terminal still runs (`**Terminal 1 — serveur (suite)**`);
  - any other block for a terminal that already runs something first stops
    it, as below; at the end of the scenario every program still running is stopped,
    the most recent first: with SIGINT right away when its block ends with
    `^C`; otherwise once it has printed the lines shown (5 s at most), its
    output is taken as it is then, and it gets SIGINT (the block shows the
    terminal before the student stops the program).
An unlabelled console block is a scenario of its own.

`<!-- check: continue -->` after a heading: the labelled blocks of this section
go on with the previous section's scenario (its programs keep running), for a
handout that follows one session across several sections.

A command using `$?` sees the exit status of the previous command of its
terminal.

`<!-- check: stop N -->` stops what terminal N runs at that point (Ctrl-C in
the prose: "arrêtez le serveur"), as a new block for terminal N would.

`<!-- check: needs PACKAGES: TEST -->`, outside any block: the next
scenario needs third-party software; TEST (a shell command, run quietly from
the repository root) fails where it is missing, and the scenario is then
skipped, naming PACKAGES: `<!-- check: needs rpcsvc-proto libtirpc-dev:
command -v rpcgen && test -e /usr/include/tirpc/rpc/rpc.h -->`.

`<!-- check: background CMD -->`, outside any block, starts CMD (a shell
command) in the background at that point of the next scenario, for a program
the prose says is already running; its output is not compared and it is
stopped with SIGINT at the end of the scenario.

Isolation. Handouts use fixed ports (60000, 62000, 7999): each scenario runs in
a new network namespace with only `lo` up, so it never meets another test's
sockets or another scenario's TIME_WAIT. As root: unshare(CLONE_NEWNET). As
another user: a user namespace too (uid mapped to itself, so the programs keep
no privilege). Where neither is allowed (some containers), or with
HANDOUTS_ON_HOST=1, scenarios run on the host's loopback, one handout checker
at a time (a lock in $TMPDIR), and a scenario whose fixed ports are already in
use is skipped, with the port named. Files the commands write (serveur.log)
go to a scratch directory shared by the scenarios of one handout.

Root and two machines. A scenario with a command starting with `sudo` needs
root: as root `sudo CMD` runs CMD (a shim: sudo may be absent), otherwise the
scenario is skipped. As root each handout runs in its own mount namespace,
with empty /run/netns and /etc/netns, so the machines labs/vms.sh creates
(ip netns add vm1) are the handout's own and vanish with it; the host's
rpcbind socket (/run/rpcbind.sock, where a Debian machine with the rpcbind
package may have rpcbind or systemd listening) is hidden under an empty file,
so a libtirpc server of a scenario (svc_reg, rpcb_set: that socket first)
registers with the scenario's portmapper on 127.0.0.1:111, not the host's.

--list prints the scenarios without running them; --commands prints every
checked command as FILE:LINE: COMMAND (`[needs PACKAGES] COMMAND` in a scenario
that skips without them), and each fixed port a server shows it
bound as FILE:LINE: root|user binds PORT (tests/firstday.bats reads them).

Output: one TAP line per scenario (`ok`, `not ok` with the differences, or
`ok ... # skip REASON`), then a line counting the illustrative blocks. Exit
status 0 when no scenario failed.
"""

import ctypes
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COMMAND_TIMEOUT = 10.0   # a command that must end
READY_TIMEOUT = 5.0      # a background program printing its first line
LINES_TIMEOUT = 5.0      # a program printing the lines its block shows
STOP_TIMEOUT = 5.0       # a program exiting after SIGINT

PLACEHOLDERS = {
    "<port>": r"\d{1,5}",
    "<pid>": r"\d+",
    "<n>": r"\d+",
    "<host>": r"[A-Za-z0-9._-]+",
    "<hex>": r"[0-9a-fA-F]+",
}
TERMINAL_RE = re.compile(r"^\*\*Terminal\s+([^\s*]+)(?:\s+(?:—|-|–)\s.*)?\*\*")
PROMPT_RE = re.compile(r"^([A-Za-z0-9_.-]+@\S+?\$)(?: (.*))?$")
DIRECTIVE_RE = re.compile(r"^<!--\s*check:\s*background\s+(.*?)\s*-->\s*$")
STOP_RE = re.compile(r"^<!--\s*check:\s*stop\s+(\S+)\s*-->\s*$")
NEEDS_RE = re.compile(r"^<!--\s*check:\s*needs\s+([^:]+?):\s+(.*?)\s*-->\s*$")
CONTINUE_RE = re.compile(r"^<!--\s*check:\s*continue\s*-->\s*$")
FENCE_RE = re.compile(r"^(```+|~~~+)\s*([^\s`]*)")


def pattern_of(text):
    """Regex source matching TEXT literally, placeholders excepted."""
    parts = re.split("(" + "|".join(map(re.escape, PLACEHOLDERS)) + ")", text)
    return "".join(PLACEHOLDERS.get(p, re.escape(p)) for p in parts)


# --- parsing ----------------------------------------------------------------

class Command:
    def __init__(self, text, line):
        self.text = text          # the shell command
        self.line = line          # its line number in the handout
        self.expected = []        # expected output lines, as shown (trailing spaces removed)
        self.typed = []           # per prompt shown: the typed line, or None
        self.prompts = []         # regexes of the prompts shown
        self.interrupt = False    # the block shows ^C: SIGINT it
        self.after_interrupt = 0  # lines printed after ^C (0 or 1)
        self.prompt_at = []       # indices of the expected lines that are prompts

    def finish(self, raw_lines):
        lines = [l.rstrip() for l in raw_lines]
        if lines and lines[-1].startswith("^C"):
            self.interrupt = True
            rest = lines.pop()[2:]
            if rest:
                lines.append(rest)
                self.after_interrupt = 1
        for l in lines:
            if l.startswith("^C"):
                raise ValueError("line %d: ^C is allowed only on the last output line" % self.line)
            m = PROMPT_RE.match(l)
            if m:
                self.prompt_at.append(len(self.expected))
                self.expected.append(l)
                self.typed.append(m.group(2) if m.group(2) else None)
                p = pattern_of(m.group(1))
                if p not in self.prompts:
                    self.prompts.append(p)
            else:
                self.expected.append(l)

    def extended(self, more):
        """This command, its expected output followed by MORE's lines."""
        both = Command(self.text, self.line)
        both.expected = self.expected + more.expected
        both.typed = self.typed + more.typed
        both.prompt_at = self.prompt_at + [len(self.expected) + i for i in more.prompt_at]
        both.prompts = self.prompts + [p for p in more.prompts if p not in self.prompts]
        both.interrupt = more.interrupt
        both.after_interrupt = more.after_interrupt
        return both

    def waits_at_prompt(self):
        """True when the output ends at a prompt where nothing is typed."""
        return bool(self.prompt_at) and self.prompt_at[-1] == len(self.expected) - 1 \
            and self.typed[-1] is None


class Block:
    def __init__(self, terminal, line, section):
        self.terminal = terminal  # "1", "2"... or None
        self.line = line
        self.section = section
        self.commands = []
        self.hidden = False       # a <!-- check: background|stop --> directive
        self.stop = None          # <!-- check: stop N -->: the terminal to stop
        self.more = None          # a Command without text: later lines of a running program


def parse(path):
    """Returns (scenarios, number of illustrative blocks)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    scenarios, current, pending, needs = [], None, [], []
    continued = None          # the scenario a <!-- check: continue --> goes on with
    illustrative = 0
    section = "(top)"
    last_text = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE_RE.match(line)
        if fence:
            marker, info = fence.group(1), fence.group(2)
            body, j = [], i + 1
            while j < len(lines) and not lines[j].startswith(marker):
                body.append(lines[j])
                j += 1
            if info != "console":
                illustrative += 1 if info in ("text", "") else 0
                i = j + 1
                last_text = ""
                continue
            m = TERMINAL_RE.match(last_text)
            block = Block(m.group(1) if m else None, i + 1, section)
            parse_block(block, body, i + 2)
            if continued is not None and block.terminal is not None:
                current, continued = continued, None
                current["section"] = section
            if block.terminal is None or current is None or current["section"] != section \
                    or current["closed"]:
                current = {"section": section, "name": section, "line": i + 1, "items": [],
                           "closed": False}
                scenarios.append(current)
            current["items"].extend(pending)
            pending = []
            current.setdefault("needs", []).extend(needs)
            needs = []
            current["items"].append(block)
            if block.terminal is None:
                current["closed"] = True
            i = j + 1
            last_text = ""
            continue
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            current = None
        if CONTINUE_RE.match(line.strip()) and scenarios and not scenarios[-1]["closed"]:
            continued = scenarios[-1]
        nd = NEEDS_RE.match(line.strip())
        if nd:
            needs.append((nd.group(1).strip(), nd.group(2)))
        d = DIRECTIVE_RE.match(line.strip())
        if d:
            hidden = Block("hidden%d" % (i + 1), i + 1, section)
            hidden.hidden = True
            hidden.commands.append(Command(d.group(1), i + 1))
            pending.append(hidden)
        st = STOP_RE.match(line.strip())
        if st:
            stop = Block("stop%d" % (i + 1), i + 1, section)
            stop.hidden = True
            stop.stop = st.group(1)
            pending.append(stop)
        if line.strip():
            last_text = line.strip()
        i += 1
    return scenarios, illustrative


def parse_block(block, body, first_line):
    cmd, raw = None, []
    k = 0
    while k < len(body):
        line = body[k]
        if line.startswith("$ "):
            if cmd:
                cmd.finish(raw)
            text, start = line[2:], first_line + k
            while text.endswith("\\") and k + 1 < len(body):
                k += 1
                text = text[:-1] + "\n" + body[k]
            cmd, raw = Command(text, start), []
            block.commands.append(cmd)
        elif cmd is None:
            if line.strip():
                # Output before any command: more lines of the program that
                # this terminal runs (a "(suite)" block).
                cmd, raw = Command(None, first_line + k), [line]
                block.more = cmd
        else:
            raw.append(line)
        k += 1
    if cmd:
        cmd.finish(raw)


# --- running ----------------------------------------------------------------

def bound_sockets():
    """Listening TCP sockets plus bound UDP sockets in this network namespace."""
    count = 0
    for name, listen_only in (("tcp", True), ("tcp6", True), ("udp", False), ("udp6", False)):
        try:
            with open("/proc/net/" + name) as f:
                for row in f.readlines()[1:]:
                    fields = row.split()
                    if len(fields) > 3 and (not listen_only or fields[3] == "0A"):
                        count += 1
        except OSError:
            pass
    return count


class Run:
    """One command started with bash -c, output (stdout+stderr) in a file."""

    def __init__(self, cmd, workdir, scratch, seq, last_status=None):
        self.cmd = cmd
        self.out_path = os.path.join(scratch, "out.%d" % seq)
        out = open(self.out_path, "wb")
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        if os.getuid() == 0:
            env["PATH"] = os.path.join(scratch, "bin") + os.pathsep + env.get("PATH", "")
        text = cmd.text
        if "$?" in text and last_status is not None:
            text = "(exit %d); %s" % (last_status, text)   # $? as the terminal has it
        self.proc = subprocess.Popen(["bash", "-c", text], cwd=workdir, stdin=subprocess.PIPE,
                                     stdout=out, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        out.close()
        self.fed = 0              # typed lines already written
        self.snapshot = None
        self.status = None

    def raw(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def lines(self, text=None):
        """Output lines (trailing whitespace removed; a last line without its
        newline, such as a prompt waiting for input, counts), and how many of
        them start with one of the prompts the block shows."""
        text = self.raw() if text is None else text
        result = [l.rstrip() for l in text.split("\n")]
        if text.endswith("\n") or text == "":
            result.pop()
        prompts = [re.compile(p + "(?: |$)") for p in self.cmd.prompts]
        count = sum(1 for l in result if any(p.match(l) for p in prompts))
        return result, count

    def alive(self):
        if self.status is None:
            self.status = self.proc.poll()
        return self.status is None

    def pump(self):
        """Types the lines whose prompt has been printed."""
        if not self.cmd.typed or self.proc.stdin is None or self.proc.stdin.closed:
            return
        _, count = self.lines()
        while self.fed < min(count, len(self.cmd.typed)):
            text = self.cmd.typed[self.fed]
            self.fed += 1
            if text is not None:
                try:
                    self.proc.stdin.write((text + "\n").encode())
                    self.proc.stdin.flush()
                except (BrokenPipeError, ValueError):
                    pass

    def signal(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass


class Scenario:
    def __init__(self, items, workdir, scratch):
        self.items = items
        self.workdir = workdir
        self.scratch = scratch
        self.runs = []            # every Run, in start order
        self.active = {}          # terminal -> Run still running
        self.status_of = {}       # terminal -> exit status of its last command ($?)
        self.problems = []

    def wait(self, condition, limit):
        """Pumps typed input until condition() holds or LIMIT seconds pass."""
        deadline = time.monotonic() + limit
        while True:
            for r in self.runs:
                if r.alive():
                    r.pump()
            if condition():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)

    def start(self, cmd, last_status=None):
        run = Run(cmd, self.workdir, self.scratch, len(self.runs), last_status)
        self.runs.append(run)
        return run

    def ready(self, run, sockets_before):
        """A background program is ready when it ended, or printed its
        `Listening on` line if its block shows one (a -v trace prints lines
        before listen()), or else printed anything or opened a socket."""
        if not run.alive():
            return True
        if any(e.startswith("Listening on") for e in run.cmd.expected):
            return any(a.startswith("Listening on") for a in run.lines()[0])
        return run.raw() != "" or bound_sockets() > sockets_before

    def printed_enough(self, run, extra=0):
        return len(run.lines()[0]) >= len(run.cmd.expected) - extra

    def stop(self, run):
        """Stops a program still running, as described in the module comment."""
        if run.cmd.interrupt:
            self.wait(lambda: not run.alive() or
                      self.printed_enough(run, run.cmd.after_interrupt), LINES_TIMEOUT)
            if not run.alive():
                self.problems.append("line %d: `%s` ended before the Ctrl-C its block shows"
                                     % (run.cmd.line, run.cmd.text))
            run.signal(signal.SIGINT)
        else:
            self.wait(lambda: not run.alive() or self.printed_enough(run), LINES_TIMEOUT)
            if run.alive():
                run.snapshot = run.raw()
                run.signal(signal.SIGINT)
        if not self.wait(lambda: not run.alive(), STOP_TIMEOUT):
            self.problems.append("line %d: `%s` still running %.0f s after SIGINT: killed"
                                 % (run.cmd.line, run.cmd.text, STOP_TIMEOUT))
            run.signal(signal.SIGKILL)
            run.proc.wait()
        run.close_stdin()

    def run(self):
        blocks = self.items
        for index, block in enumerate(blocks):
            if block.stop is not None:
                if block.stop in self.active:
                    self.stop(self.active.pop(block.stop))
                continue
            term = block.terminal
            running = self.active.get(term)
            if block.more is not None:
                if running is None:
                    self.problems.append("line %d: a block without a command, but terminal %s"
                                         " runs nothing" % (block.line, term))
                    continue
                running.cmd = running.cmd.extended(block.more)
                if not block.commands:
                    continue
            if running and len(block.commands) == 1 and \
                    block.commands[0].text == running.cmd.text:
                # The same terminal shown again, later: what it shows now
                # replaces what its first block showed.
                running.cmd = block.commands[0]
                continue
            if term in self.active:
                self.stop(self.active.pop(term))
            later_other = any(b.terminal != term and not b.hidden for b in blocks[index + 1:])
            for k, cmd in enumerate(block.commands):
                last = k == len(block.commands) - 1
                before = bound_sockets()
                run = self.start(cmd, self.status_of.get(term))
                first_block = index == 0 or all(b.hidden for b in blocks[:index])
                server_like = block.hidden or (last and later_other and first_block) or \
                    (last and any(e.startswith("Listening on") for e in cmd.expected)) or \
                    (last and later_other and not cmd.expected)
                if server_like:
                    ok = self.wait(lambda: self.ready(run, before), READY_TIMEOUT)
                    if not ok:
                        self.problems.append("line %d: `%s` printed nothing and opened no socket"
                                             " in %.0f s" % (cmd.line, cmd.text, READY_TIMEOUT))
                    if run.alive():
                        self.active[term] = run
                elif last and cmd.waits_at_prompt():
                    self.wait(lambda: not run.alive() or self.printed_enough(run), LINES_TIMEOUT)
                    if run.alive():
                        self.active[term] = run
                else:
                    if not self.wait(lambda: not run.alive(), COMMAND_TIMEOUT):
                        self.problems.append("line %d: `%s` did not end within %.0f s: killed"
                                             % (cmd.line, cmd.text, COMMAND_TIMEOUT))
                        run.signal(signal.SIGKILL)
                        run.proc.wait()
                    run.close_stdin()
                    self.status_of[term] = run.proc.returncode
        for run in reversed(self.runs):
            if run.alive():
                self.stop(run)
        for run in self.runs:
            run.close_stdin()
        return self.compare()

    def compare(self):
        report = list(self.problems)
        for run in self.runs:
            if any(b.hidden and run.cmd in b.commands for b in self.items):
                continue
            text = run.snapshot if run.snapshot is not None else run.raw()
            actual, _ = run.lines(text)
            expected = run.cmd.expected
            bad = len(actual) != len(expected) or any(
                not re.fullmatch(pattern_of(e), a) for e, a in zip(expected, actual))
            if bad:
                report.append("line %d: `%s` printed something else:" % (run.cmd.line, run.cmd.text))
                width = max(len(expected), len(actual))
                for n in range(width):
                    e = expected[n] if n < len(expected) else "(nothing)"
                    a = actual[n] if n < len(actual) else "(nothing)"
                    mark = "  " if n < len(expected) and n < len(actual) and \
                        re.fullmatch(pattern_of(e), a) else "!="
                    report.append("  %s expected: %s" % (mark, e))
                    if mark != "  ":
                        report.append("     actual:   %s" % a)
        return report


# --- isolation ----------------------------------------------------------------

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def enter_namespace():
    """Moves this process into a new network namespace with lo up.
    Returns None, or the reason it could not."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        flags = CLONE_NEWNET
    else:
        flags = CLONE_NEWNET | CLONE_NEWUSER
    if libc.unshare(flags) != 0:
        return "unshare: %s" % os.strerror(ctypes.get_errno())
    if uid != 0:
        try:
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write("%d %d 1" % (uid, uid))
            with open("/proc/self/gid_map", "w") as f:
                f.write("%d %d 1" % (gid, gid))
        except OSError as e:
            return "user namespace maps: %s" % e
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
        ifr = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH14x", b"lo", 0))
        flags_now = struct.unpack("16sH14x", ifr)[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags_now | IFF_UP))
        s.close()
    except OSError as e:
        return "bringing lo up: %s" % e
    return None


def probe_namespace():
    """None if a child process can enter a new network namespace here, else why not."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        reason = enter_namespace()
        os.write(write_fd, (reason or "").encode())
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as r:
        reason = r.read().decode()
    os.waitpid(pid, 0)
    return reason or None


def busy_ports(items):
    """The fixed ports (1024..65535) a scenario's commands name that a socket
    of this host already uses (TCP in any state but TIME_WAIT, or UDP)."""
    wanted = set()
    for block in items:
        for cmd in block.commands:
            for word in re.findall(r"\b\d{4,5}\b", cmd.text):
                if 1024 <= int(word) <= 65535:
                    wanted.add(int(word))
    used = set()
    for name in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open("/proc/net/" + name) as f:
                for row in f.readlines()[1:]:
                    fields = row.split()
                    if name.startswith("tcp") and fields[3] == "06":
                        continue    # TIME_WAIT: the servers set SO_REUSEADDR
                    used.add(int(fields[1].rsplit(":", 1)[1], 16))
        except (OSError, IndexError, ValueError):
            pass
    return sorted(wanted & used)


def run_isolated(items, workdir, scratch, on_host=False):
    """Runs one scenario in a child process inside its own network namespace
    (or, ON_HOST, on the host's loopback when its fixed ports are free).
    Returns ("ok"|"fail"|"skip", report lines)."""
    if on_host:
        busy = busy_ports(items)
        if busy:
            return "skip", ["port %s in use on this host, and no network namespace to run in"
                            % ", ".join(map(str, busy))]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        # A terminal's foreground job gets Ctrl-C: undo a SIG_IGN inherited
        # from a non-interactive shell's background job (bats, make -j, &).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)
        result = ("skip", [])
        try:
            reason = None if on_host else enter_namespace()
            if reason:
                result = ("skip", ["no network namespace (%s)" % reason])
            else:
                report = Scenario(items, workdir, scratch).run()
                result = ("fail" if report else "ok", report)
        except Exception as e:  # report, never hang the parent
            result = ("fail", ["checker error: %r" % e])
        with os.fdopen(write_fd, "w") as w:
            json.dump(result, w)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as r:
        data = r.read()
    os.waitpid(pid, 0)
    try:
        status, report = json.loads(data)
    except ValueError:
        status, report = "fail", ["checker child died: %r" % data]
    return status, report


def make_workdir():
    """A directory that looks like the repository root (symlinks), where
    commands may write files without touching the repository."""
    workdir = tempfile.mkdtemp(prefix="handout.")
    # labcheck, as root, runs the student's program as the box's user (uid
    # 64000): like a student's folder, this one is open to others.
    os.chmod(workdir, 0o755)
    for name in os.listdir(ROOT):
        if name != ".git":
            os.symlink(os.path.join(ROOT, name), os.path.join(workdir, name))
    scratch = os.path.join(workdir, ".out")
    os.mkdir(scratch)
    # As root, `sudo CMD` in a handout runs CMD (sudo itself may be absent).
    bindir = os.path.join(scratch, "bin")
    os.mkdir(bindir)
    with open(os.path.join(bindir, "sudo"), "w") as f:
        f.write('#!/bin/sh\n# tests/handouts.py: as root, sudo CMD is CMD\nexec "$@"\n')
    os.chmod(os.path.join(bindir, "sudo"), 0o755)
    return workdir, scratch


def describe(scenario):
    blocks = [b for b in scenario["items"] if not b.hidden]
    terms = [("T" + b.terminal) if b.terminal else "" for b in blocks]
    first = blocks[0].commands[0].text if blocks and blocks[0].commands else "?"
    where = "line %d, %s" % (scenario["line"], scenario["name"])
    label = " ".join(t for t in terms if t)
    return "%s: `%s`%s" % (where, first.split("\n")[0], (" (%s)" % label) if label else "")


def main(argv):
    list_only = commands_only = False
    files = []
    for a in argv:
        if a == "--list":
            list_only = True
        elif a == "--commands":
            commands_only = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print("usage: tests/handouts.py [--list | --commands] FILE.md...", file=sys.stderr)
        return 2
    if commands_only:
        for path in files:
            for sc in parse(path)[0]:
                root = any(c.text.startswith("sudo ") for b in sc["items"] for c in b.commands)
                needs = "".join("[needs %s] " % p for p, _ in sc.get("needs", []))
                for block in sc["items"]:
                    for cmd in block.commands + ([block.more] if block.more else []):
                        if cmd.text is not None:
                            print("%s:%d: %s%s" % (path, cmd.line, needs, cmd.text.replace("\n", " ")))
                        for line in cmd.expected:
                            m = re.match(r"(?:Listening|TCP|UDP) on .*:(\d+)\b", line)
                            if m:
                                print("%s:%d: %s binds %s" % (path, cmd.line,
                                                              "root" if root else "user",
                                                              m.group(1)))
        return 0
    failed = n = 0
    on_host = os.environ.get("HANDOUTS_ON_HOST") == "1"
    if not list_only and not on_host:
        reason = probe_namespace()
        if reason:
            on_host = True
            print("# no network namespace here (%s): scenarios run on the host's loopback,"
                  " one checker at a time; one whose fixed ports are in use is skipped" % reason)
    if on_host and not list_only:
        lock = open(os.path.join(tempfile.gettempdir(), "socklab-handouts.lock"), "a")
        fcntl.flock(lock, fcntl.LOCK_EX)
    for path in files:
        try:
            scenarios, illustrative = parse(path)
        except ValueError as e:
            print("not ok - %s: %s" % (path, e))
            failed += 1
            continue
        if list_only:
            for sc in scenarios:
                n += 1
                print("%d %s %s" % (n, path, describe(sc)))
            continue
        workdir, scratch = make_workdir()
        try:
            failed += run_handout(path, scenarios, workdir, scratch, n, on_host)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        n += len(scenarios)
        print("# %s: %d checked scenarios, %d illustrative blocks" % (path, len(scenarios),
                                                                      illustrative))
    return 1 if failed else 0


def run_handout(path, scenarios, workdir, scratch, n, on_host):
    """Runs the scenarios of one handout, printing a TAP line each; returns
    the number that failed. As root, in a child process with its own mount
    namespace, where /run/netns and /etc/netns are empty: the machines a
    handout creates with `ip netns add` (labs/vms.sh) are its own, seen by its
    later scenarios, and vanish with it."""
    if os.getuid() != 0 or on_host:
        return run_scenarios(path, scenarios, workdir, scratch, n,
                             "no private mount namespace on the host's loopback" if on_host
                             else None, on_host)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            reason = private_netns_dirs()
            code = min(run_scenarios(path, scenarios, workdir, scratch, n, reason, False), 1)
        except Exception as e:
            print("not ok - %s: checker error: %r" % (path, e))
            code = 1
        sys.stdout.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return 1 if status else 0


def private_netns_dirs():
    """Enters a new mount namespace with empty /run/netns and /etc/netns.
    Returns None, or why it could not (then `sudo` scenarios are skipped)."""
    libc = ctypes.CDLL(None, use_errno=True)
    MS_REC, MS_PRIVATE = 0x4000, 0x40000
    if libc.unshare(0x00020000) != 0:   # CLONE_NEWNS
        return "unshare(CLONE_NEWNS): %s" % os.strerror(ctypes.get_errno())
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return "mount --make-rprivate /: %s" % os.strerror(ctypes.get_errno())
    for d in ("/run/netns", "/etc/netns"):
        try:
            os.makedirs(d, exist_ok=True)
        except OSError as e:
            return "mkdir %s: %s" % (d, e)
        if libc.mount(b"tmpfs", d.encode(), b"tmpfs", 0, b"mode=755") != 0:
            return "mount tmpfs on %s: %s" % (d, os.strerror(ctypes.get_errno()))
    return hide_rpcbind_socket(libc)


RPCBIND_SOCKETS = ("/run/rpcbind.sock", "/var/run/rpcbind.sock")


def hide_rpcbind_socket(libc):
    """In the handout's mount namespace, binds an empty file over the host's
    rpcbind socket: libtirpc's rpcb_set() tries it before 127.0.0.1:111, and
    would register a scenario's server with the host's rpcbind. connect()
    to a regular file is refused, and libtirpc falls back to the network.
    Returns None, or why it could not."""
    MS_BIND = 0x1000
    for path in sorted({os.path.realpath(p) for p in RPCBIND_SOCKETS}):
        if not os.path.exists(path):
            continue
        empty = tempfile.NamedTemporaryFile(prefix="no-rpcbind-sock-", delete=False)
        empty.close()
        if libc.mount(empty.name.encode(), path.encode(), None, MS_BIND, None) != 0:
            return "mount --bind over %s: %s" % (path, os.strerror(ctypes.get_errno()))
        os.unlink(empty.name)   # the mount keeps the file alive
    return None


def missing_needs(scenario):
    """The packages of the first `check: needs` test of SCENARIO that fails
    here, or None when everything it needs is installed."""
    for packages, test in scenario.get("needs", []):
        try:
            status = subprocess.run(["bash", "-c", test], cwd=ROOT, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    timeout=COMMAND_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            status = 1
        if status != 0:
            return packages
    return None


def run_scenarios(path, scenarios, workdir, scratch, n, no_root_reason, on_host):
    """The TAP lines of one handout's scenarios; returns how many failed.
    A scenario with a `sudo` command needs root (and, as root, the private
    namespace directories): otherwise it is skipped, with the reason."""
    failed = 0
    for sc in scenarios:
        n += 1
        name = "%s %s" % (path, describe(sc))
        needs_root = any(c.text.startswith("sudo ") for b in sc["items"] for c in b.commands)
        if needs_root and os.getuid() != 0:
            print("ok %d - %s # skip needs root (sudo): CI runs it as root" % (n, name))
            continue
        if needs_root and no_root_reason:
            print("ok %d - %s # skip %s" % (n, name, no_root_reason))
            continue
        missing = missing_needs(sc)
        if missing:
            print("ok %d - %s # skip needs %s (not installed here)" % (n, name, missing))
            continue
        start = time.monotonic()
        status, report = run_isolated(sc["items"], workdir, scratch, on_host)
        took = time.monotonic() - start
        if status == "ok":
            print("ok %d - %s [%.1fs]" % (n, name, took))
        elif status == "skip":
            print("ok %d - %s # skip %s" % (n, name, report[0]))
        else:
            failed += 1
            print("not ok %d - %s" % (n, name))
            for line in report:
                print("#   " + line)
        sys.stdout.flush()
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
