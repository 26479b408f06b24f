import type { Command } from "commander";

export function registerPresets(program: Command): void {
  program
    .command("presets")
    .description("list resolver behaviours and presets of real DNS software")
    .action(async () => {
      const { AUTHORITY_NOTES, RESOLVER_BEHAVIOUR_REGISTRY } = await import("../../model/index.js");
      const entries = Object.entries(RESOLVER_BEHAVIOUR_REGISTRY);
      const width = Math.max(...entries.map(([name]) => name.length));
      for (const [name, b] of entries) process.stdout.write(`${name.padEnd(width)}  ${b.doc}\n`);
      process.stdout.write("\nAuthoritative answer order (dns.order) for BIND users:\n");
      for (const note of AUTHORITY_NOTES) process.stdout.write(`  ${note}\n`);
    });
}
