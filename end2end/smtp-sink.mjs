// A mail server for the tests (scripts/smtp.sh starts it): accepts every message on
// 127.0.0.1:PORT without TLS or a login, and writes each one to DIR as an .eml file, which
// appears whole (written under another name first, then renamed).
import { SMTPServer } from "smtp-server";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [port, dir] = process.argv.slice(2);
if (!port || !dir) {
  console.error("usage: node smtp-sink.mjs PORT DIR");
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
let received = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      received += 1;
      const name = join(dir, `${process.pid}-${received}.eml`);
      writeFileSync(`${name}.part`, Buffer.concat(chunks));
      renameSync(`${name}.part`, name);
      callback();
    });
  },
});
server.on("error", (error) => console.error("smtp sink:", error.message));
server.listen(Number(port), "127.0.0.1", () => console.log(`smtp sink on ${port}, writing to ${dir}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
