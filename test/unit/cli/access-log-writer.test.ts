/** The per-server access log writer: original lines as they are, generated ones in time order (issue 14 §2, contract 2). */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AccessLogFolder, clfDate, clientAddress } from "../../../src/cli/access-log-writer.js";

describe("AccessLogWriter", () => {
  it('writes a trace\'s lines as given and generates CLF lines for line === "" (client index → address), in time order', async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-alw-"));
    const folder = AccessLogFolder.open(dir, ["10.0.0.1", "10.0.0.2"], 1, false);
    const w = folder.writer(0, 1431856800);
    w.served(0, 5, "original line", 3);
    // Generated requests reported ahead of the clock: a session's (host index 7) later request first.
    w.served(1, 12.5, "", 7);
    w.served(1, 3, "", 256);
    w.unanswered(1, 4, 1, 503);
    // Nothing before 10 can come any more: 3 and 4 go out, 12.5 waits, so the
    // 11 reported after this flush still lands before it.
    await w.flush(10);
    w.unanswered(1, 11, 2, 499);
    await w.close();
    await folder.commit();
    expect(readFileSync(join(dir, "10.0.0.2.log"), "utf8").trimEnd().split("\n")).toEqual([
      '10.0.1.0 - - [17/May/2015:10:00:03 +0000] "GET / HTTP/1.1" 200 0',
      '10.0.0.1 - - [17/May/2015:10:00:04 +0000] "GET / HTTP/1.1" 503 0',
      '10.0.0.2 - - [17/May/2015:10:00:11 +0000] "GET / HTTP/1.1" 499 0',
      '10.0.0.7 - - [17/May/2015:10:00:12 +0000] "GET / HTTP/1.1" 200 0',
    ]);
    expect(readFileSync(join(dir, "10.0.0.1.log"), "utf8")).toBe("original line\n");
  });

  it("gives distinct clients distinct addresses, past 10.255.255.255 too", () => {
    expect(clientAddress(0)).toBe("10.0.0.0");
    expect(clientAddress(16777215)).toBe("10.255.255.255");
    expect(clientAddress(16777216)).toBe("11.0.0.0");
    expect(clientAddress(65536 + 258)).toBe("10.1.1.2");
    expect(clfDate(946684800)).toBe("01/Jan/2000:00:00:00 +0000");
  });
});
