// The child processes of `npm start`: each in its own process group (Ctrl-C reaches them only
// through us), its output prefixed with its name, and one shutdown that stops the indexer first
// (it commits what it has buffered) and then the rest, killing what does not stop in time.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

export const say = (msg) => console.log(`[start] ${msg}`);
export const warn = (msg) => console.log(`[start] !! ${msg}`);

export class Processes {
  /** name → ChildProcess with an `exitPromise` */
  children = new Map();
  shuttingDown = false;

  constructor(root) {
    this.root = root;
  }

  /**
   * Spawns `cmd argv`; `quiet` keeps the output out of the terminal (onLine still sees it).
   * An essential child that exits stops everything; another one only says so.
   */
  run(
    name,
    cmd,
    argv,
    { env = {}, cwd = this.root, onLine, essential = true, quiet = false } = {},
  ) {
    const child = spawn(cmd, argv, {
      cwd,
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.children.set(name, child);
    const pipe = (stream, out) => {
      let buf = '';
      stream.on('data', (c) => {
        buf += c.toString();
        // Progress lines use \r; show them as lines.
        const parts = buf.split(/\r?\n|\r/);
        buf = parts.pop();
        for (const line of parts) {
          const clean = line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
          if (!clean.trim()) continue;
          if (!quiet) out.write(clean.startsWith('[') ? `${clean}\n` : `[${name}] ${clean}\n`);
          onLine?.(clean);
        }
      });
    };
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.exitPromise = new Promise((resolve) =>
      child.on('exit', (code, sig) => {
        if (this.children.get(name) === child) this.children.delete(name);
        resolve(code ?? sig);
        if (this.shuttingDown || child.replaced) return;
        if (essential) {
          warn(`${name} exited (${code ?? sig}); stopping everything`);
          void this.shutdown(1);
        } else if (code !== 0) {
          warn(`${name} exited (${code ?? sig}); the rest keeps running`);
        }
      }),
    );
    child.on('error', (e) => warn(`${name}: cannot start ${cmd}: ${e.message}`));
    return child;
  }

  /**
   * Lowers a child's CPU priority (it cannot be raised again). Each child leads a session of its
   * own, and with Linux's autogroup scheduling a nice value only ranks a process within its
   * session, so the session's autogroup nice is set too where /proc offers it.
   */
  renice(name, nice) {
    const pid = this.children.get(name)?.pid;
    if (!pid) return;
    try {
      setPriority(pid, nice);
    } catch {
      /* not permitted: normal priority */
    }
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    } catch {
      /* no autogroup here */
    }
  }

  /** Runs a command to completion; resolves { ok, code, tail } with the last 8 kB of output. */
  runToEnd(name, cmd, argv, opts = {}) {
    return new Promise((resolve) => {
      let tail = '';
      const onLine = (l) => {
        tail = (tail + l + '\n').slice(-8000);
      };
      const child = this.run(name, cmd, argv, { ...opts, essential: false, onLine });
      child.exitPromise.then((code) => resolve({ ok: code === 0, code, tail }));
    });
  }

  /** Stops one child (SIGTERM to its group, SIGKILL after `graceMs`) without stopping the rest. */
  async stop(name, graceMs = 15_000) {
    const c = this.children.get(name);
    if (!c) return;
    c.replaced = true;
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const r = await Promise.race([
      c.exitPromise,
      new Promise((ok) => setTimeout(ok, graceMs, 'timeout')),
    ]);
    if (r === 'timeout') {
      warn(`${name} did not stop in ${graceMs / 1000} s; killing`);
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }

  async shutdown(code = 0) {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    say('stopping…');
    // The indexer first: it commits its buffered changes and needs neither chain nor dashboard.
    await this.stop('indexer');
    await Promise.all([...this.children.keys()].map((name) => this.stop(name, 10_000)));
    say('stopped');
    process.exit(code);
  }
}
