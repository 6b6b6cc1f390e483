// The contract between the attack runner (bench/attack.ts) and one attack file
// (bench/attacks/<nn>-<name>.ts, `export default { name, run } satisfies Attack`).

/** One real server process the runner started for an attack. */
export interface AttackServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (loopback, ephemeral port). */
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Resident set size of the server process now, in MB (from /proc/PID/status VmRSS). */
  rssMb(): number;
  /** What the server has written to stdout so far (its pino JSON log lines; the last 8 MB). */
  logs?(): string;
}

export interface AttackContext {
  /** Starts a server process with these variables added to the runner's environment. */
  startServer(env: Record<string, string>): Promise<AttackServer>;
}

export interface AttackResult {
  attack: string;
  /** Requests (or messages, connections) the attacker sent. */
  requests: number;
  /** Highest RSS of the server during the attack, in MB. */
  peakRssMb: number;
  /** Requests from well-behaved clients, made during the attack, that failed or timed out. */
  errorsForOthers: number;
  /** True when the server kept serving within its limits for the whole attack. */
  held: boolean;
  note?: string;
}

export interface Attack {
  name: string;
  run(ctx: AttackContext): Promise<AttackResult>;
}
