// A hackboard server of a test's own, for tests that stop and restart it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class OwnServer {
  private child?: ChildProcess;
  private readonly database: string;
  /** Picked by the system on the first start (port 0), kept for restarts. */
  private port = 0;

  constructor() {
    this.database = `sqlite://${mkdtempSync(join(tmpdir(), "hackboard-own-"))}/own.db`;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (with the demo data the first time) and resolves once it serves. */
  async start(demo = false): Promise<void> {
    const args = demo ? ["serve", "--demo"] : ["serve"];
    const child = spawn("../target/release/hackboard", args, {
      cwd: __dirname + "/..",
      env: {
        ...process.env,
        DATABASE_URL: this.database,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_SITE_ROOT: "../target/site",
        RUST_LOG: "warn",
        HACKBOARD_DEMO_PASSWORD: "correct horse battery",
        HACKBOARD_ATTEMPTS_PER_MINUTE: "1000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const serving = seen.match(/Hackboard is serving at http:\/\/127\.0\.0\.1:(\d+)/);
        if (serving) {
          this.port = Number(serving[1]);
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`the server exited with ${code}`)));
    });
  }

  /** Stops the server as a deploy would (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}
