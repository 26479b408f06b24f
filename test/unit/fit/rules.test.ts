import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, extensionOf, isEmbedded, pathOf } from "../../../src/fit/index.js";

describe("fit rules: what is a page and what is an embedded object", () => {
  it("reads the extension of the last path segment, ignoring query and fragment", () => {
    expect(extensionOf("/a/b.PNG?x=1.html#f")).toBe("png");
    expect(extensionOf("/a.dir/page")).toBe("");
    expect(extensionOf("/")).toBe("");
    expect(extensionOf("/style.css")).toBe("css");
  });

  it("takes the path of a URL without scheme, host, query or fragment", () => {
    expect(pathOf("http://example.com/p/q/?a=1")).toBe("/p/q/");
    expect(pathOf("https://example.com")).toBe("/");
    expect(pathOf("/p#x")).toBe("/p");
  });

  const rules = { ...DEFAULT_RULES, extensions: true };
  it("static extensions are off by default", () => {
    expect(DEFAULT_RULES.extensions).toBe(false);
    expect(isEmbedded(30, "/img/logo.gif", "", "/page", DEFAULT_RULES)).toBe(false);
  });

  it("a request within embedGap of the previous one is embedded; at embedGap it is not (by the gap)", () => {
    expect(isEmbedded(4.999, "/next", "", "/page", DEFAULT_RULES)).toBe(true);
    expect(isEmbedded(5, "/next", "", "/page", rules)).toBe(false);
  });

  it("a Referer naming the current page makes a late request embedded; another page's does not", () => {
    expect(isEmbedded(30, "/api", "http://site/page?x=1", "/page", rules)).toBe(true);
    expect(isEmbedded(30, "/api", "http://site/other", "/page", rules)).toBe(false);
  });

  it("a static-resource path is embedded whatever the gap, unless extensions are off", () => {
    expect(isEmbedded(30, "/img/logo.gif", "", "/page", rules)).toBe(true);
    expect(isEmbedded(30, "/img/logo.gif", "", "/page", { ...rules, extensions: false })).toBe(
      false,
    );
    expect(isEmbedded(30, "/blog/post.html", "", "/page", rules)).toBe(false);
  });
});
