import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_SANDBOX_CREDENTIALS } from '@vendstream/flash-sandbox';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export type ServiceRole = 'worker' | 'reconciler';

export interface StackEnvOptions {
  kafkaBrokers: string;
  dynamodbEndpoint: string;
  flashBaseUrl: string;
  topicPrefix: string;
  /** Default `<prefix>-intents`. */
  table?: string;
  /** One key for the run, shared by every process (`kid:base64`). Default: a fresh random key. */
  sealingKeys?: string;
  overrides?: Record<string, string>;
}

/** A random 32-byte sealing key spec `run:<base64>` (demo and tests; production keys come from a vault). */
export function randomSealingKeys(): string {
  return `run:${randomBytes(32).toString('base64')}`;
}

/** The environment of a worker or reconciler pointed at a local stack. */
export function stackEnv(options: StackEnvOptions): Record<string, string> {
  const keys = options.sealingKeys ?? randomSealingKeys();
  return {
    KAFKA_BROKERS: options.kafkaBrokers,
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    VEND_TOPIC_PREFIX: options.topicPrefix,
    VEND_INTENTS_TABLE: options.table ?? `${options.topicPrefix}-intents`,
    FLASH_BASE_URL: options.flashBaseUrl,
    FLASH_CONSUMER_KEY: DEFAULT_SANDBOX_CREDENTIALS.consumerKey,
    FLASH_CONSUMER_SECRET: DEFAULT_SANDBOX_CREDENTIALS.consumerSecret,
    VEND_SEALING_KEYS: keys,
    VEND_SEALING_KEY_ID: keys.split(':')[0] ?? 'run',
    ...options.overrides,
  };
}

/**
 * A worker or reconciler as a separate OS process (what production runs), with its output in a
 * log file and the last lines kept in memory for assertions (e.g. that no PIN was ever logged).
 */
export class ServiceProcess {
  readonly role: ServiceRole;
  readonly logFile: string;
  readonly #env: Record<string, string>;
  #child: ChildProcess | undefined;
  #log: WriteStream | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);
  /** Every line the process printed (bounded to the last 20,000). */
  readonly lines: string[] = [];
  starts = 0;

  constructor(role: ServiceRole, env: Record<string, string>, logDir: string, name: string = role) {
    this.role = role;
    this.#env = env;
    this.logFile = join(logDir, `${name}.log`);
    mkdirSync(dirname(this.logFile), { recursive: true });
  }

  start(): this {
    if (this.running) throw new Error(`${this.role} is already running`);
    this.#log ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(REPO_ROOT, 'services', this.role, 'src', 'main.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.#env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    const onData = (chunk: Buffer) => {
      this.#log?.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        this.lines.push(line);
        if (this.lines.length > 20_000) this.lines.shift();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.#exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        // Recorded so a test failure shows how a service ended (crash, signal, clean stop).
        const line = `[harness] ${this.role} pid ${child.pid} exited with code ${code} signal ${signal}`;
        this.lines.push(line);
        this.#log?.write(`${line}\n`);
        resolveExit(code);
      }),
    );
    this.#child = child;
    return this;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Resolves when a log line matches (e.g. 'worker started'), or rejects on exit or timeout. */
  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((line) => pattern.test(line))) {
      if (!this.running)
        throw new Error(`${this.role} exited before printing ${pattern}; see ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`${this.role} did not print ${pattern} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILL is the crash a test injects. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<number | null> {
    if (!this.running) return this.#child?.exitCode ?? null;
    this.#child?.kill(signal);
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), timeoutMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }

  async close(): Promise<void> {
    await this.kill('SIGTERM');
    await new Promise<void>((r) => (this.#log ? this.#log.end(r) : r()));
    this.#log = undefined;
  }
}
