import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapHostsToResolvers, PUBLIC_SUFFIX_LIST, subnetKey } from "../../../../src/model/index.js";
import { traceScenario } from "../../../trace-helpers.js";

describe("hosts onto resolvers", () => {
  it("groups by /24 or registrable domain (Public Suffix List)", () => {
    expect(subnetKey("10.1.2.3")).toBe("10.1.2");
    expect(subnetKey("crawl-66-249.googlebot.com")).toBe("googlebot.com");
    expect(subnetKey("localhost")).toBe("localhost");
    // Two universities under ac.uk, two ISPs under co.uk, two under ac.jp: four, two, two keys.
    const keys = [
      "pc1.cs.ox.ac.uk",
      "gw.cam.ac.uk",
      "a.cam.ac.uk",
      "host1.bbc.co.uk",
      "dsl-1.btcentralplus.co.uk",
      "x.u-tokyo.ac.jp",
      "y.kyoto-u.ac.jp",
    ].map(subnetKey);
    expect(keys).toEqual([
      "ox.ac.uk",
      "cam.ac.uk",
      "cam.ac.uk",
      "bbc.co.uk",
      "btcentralplus.co.uk",
      "u-tokyo.ac.jp",
      "kyoto-u.ac.jp",
    ]);
    // The last-two-labels rule it replaces lumped each suffix together.
    expect(new Set(keys).size).toBe(6);
    // A private suffix (a cloud's per-customer names) keeps customers apart; a bare suffix is its own.
    expect(subnetKey("ec2-1-2-3-4.compute-1.amazonaws.com")).toBe(
      "ec2-1-2-3-4.compute-1.amazonaws.com",
    );
    expect(subnetKey("co.uk")).toBe("co.uk");
    expect(subnetKey("Gw.CAM.ac.uk")).toBe("cam.ac.uk");
  });

  it("names the Public Suffix List it uses: the installed tldts release", () => {
    const pkg = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../../../node_modules/tldts/package.json"),
        "utf8",
      ),
    );
    expect(PUBLIC_SUFFIX_LIST).toBe(`tldts ${pkg.version}`);
  });

  it("gives the heaviest hosts their own resolvers and spreads the rest over the Zipf population", () => {
    const s = traceScenario();
    const hosts = ["a", "b", "c", "d", "e", "f"];
    const counts = [5, 50, 1, 30, 2, 2];
    const heavy = mapHostsToResolvers(s, 1, hosts, counts, { rule: "heavy", heavy: 2 });
    expect(heavy.resolverCount).toBe(2 + 5);
    expect(heavy.resolverOfHost[1]).toBe(0); // b, the busiest
    expect(heavy.resolverOfHost[3]).toBe(1); // d
    for (const h of [0, 2, 4, 5]) expect(heavy.resolverOfHost[h]!).toBeGreaterThanOrEqual(2);
    expect(heavy.shares[0]).toBeCloseTo(50 / 90, 12);
    const own = mapHostsToResolvers(s, 1, hosts, counts, { rule: "host", heavy: 0 });
    expect(Array.from(own.resolverOfHost)).toEqual([0, 1, 2, 3, 4, 5]);
    const subnet = mapHostsToResolvers(s, 1, ["1.2.3.4", "1.2.3.9", "1.2.4.1"], [1, 1, 1], {
      rule: "subnet",
      heavy: 0,
    });
    expect(Array.from(subnet.resolverOfHost)).toEqual([0, 0, 1]);
  });
});

/*
 * Issue 22's rows about the inputs that drive work (moved from
 * test/unit/model/log-input-bounds.test.ts): each test failed on the code
 * before the fix (a hang, a silent wrong answer or an acceptance) and passes now.
 */

describe("row 15: IPv6 subnets", () => {
  it("the subnet rule groups IPv6 hosts by /64, as IPv4 ones by /24", () => {
    expect(subnetKey("2001:db8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(subnetKey("2001:DB8:0:1:a:b:c:d")).toBe("2001:db8:0:1::/64");
    expect(subnetKey("2001:db8:0:2::5")).toBe("2001:db8:0:2::/64");
    expect(subnetKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(subnetKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(subnetKey("::ffff:10.1.2.3")).toBe("10.1.2");
    expect(subnetKey("2001:db8::1::2")).toBe("2001:db8::1::2"); // not an address: its own
  });
});
