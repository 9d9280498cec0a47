#!/usr/bin/python3
"""Drives the installed jgrad kernel with Debian's jupyter_client, as a notebook front end does, through the cells
that must fail and leave the kernel alive: a shape mismatch, a compile error, an unknown symbol, an endless loop
stopped by an interrupt request (on the control channel), System.exit. Then a plain cell must still give its
result. Needs `examples/notebook/open --install-only` first. Usage: /usr/bin/python3 examples/notebook/kernel-check.py"""
import sys
import time

from jupyter_client.manager import start_new_kernel


def run(kc, km, code, interrupt_after=None):
    """Executes one cell; returns its reply's content and its outputs (iopub messages' contents by type)."""
    msg_id = kc.execute(code)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        km.interrupt_kernel()          # interrupt_mode "message": an interrupt_request on the control channel
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg['parent_header'].get('msg_id') != msg_id:
            continue
        if msg['msg_type'] == 'status' and msg['content']['execution_state'] == 'idle':
            break
        outputs.append((msg['msg_type'], msg['content']))
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply['parent_header'].get('msg_id') == msg_id:
            return reply['content'], outputs


def main():
    km, kc = start_new_kernel(kernel_name='jgrad', startup_timeout=120)
    failures = []

    def expect(name, code, ename, evalue_part, interrupt_after=None):
        reply, outputs = run(kc, km, code, interrupt_after)
        errors = [c for t, c in outputs if t == 'error']
        ok = (reply['status'] == 'error' and len(errors) == 1 and errors[0]['ename'] == ename
              and evalue_part in errors[0]['evalue'] + '\n'.join(errors[0]['traceback']))
        print(('ok   ' if ok else 'FAIL ') + name + ': ' + (errors[0]['ename'] + ': ' + errors[0]['evalue'] if errors else str(reply)))
        if not ok:
            failures.append(name)

    try:
        expect('shape mismatch', 'io.jgrad.core.Tensor.zeros(2, 3).matmul(io.jgrad.core.Tensor.zeros(4, 5))',
               'IllegalArgumentException', '[2, 3]')
        expect('compile error', 'int y = "text";', 'CompileError', 'line 1, column 9')
        expect('unknown symbol', 'noSuchThing + 1', 'CompileError', 'cannot find symbol')
        expect('interrupted endless loop', 'while (true) { }', 'Interrupted', 'interrupted', interrupt_after=2.0)
        expect('System.exit', 'System.exit(1);', 'JvmEnded', 'fresh one has started')
        reply, outputs = run(kc, km, '1 + 1')
        results = [c['data'].get('text/plain') for t, c in outputs if t == 'execute_result']
        alive = reply['status'] == 'ok' and results == ['2']
        print(('ok   ' if alive else 'FAIL ') + 'the kernel is alive: 1 + 1 = ' + str(results))
        if not alive:
            failures.append('alive')
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    checks = 6
    print(f'kernel-check: {checks - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
