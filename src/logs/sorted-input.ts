import { LineParser, type TraceFormat } from "./line-parser.js";
import { ReorderWindow } from "./reorder-window.js";

/**
 * One log as a time-ordered queue of its lines, for a k-way merge: lines
 * are parsed (malformed ones counted and skipped), put in order by a
 * reorder window, and wait here until the merge takes them. The caller
 * feeds batches while `ready` is false and the input has more.
 */
export class SortedLogInput {
  readonly parser: LineParser;
  private readonly window: ReorderWindow<string>;
  private times: number[] = [];
  private lines: string[] = [];
  private head = 0;
  ended = false;

  constructor(format: TraceFormat, reorderWindow: number) {
    this.parser = new LineParser(format);
    this.window = new ReorderWindow<string>(reorderWindow, (time, _tag, line) => {
      this.times.push(time);
      this.lines.push(line);
    });
  }

  feed(batch: readonly string[]): void {
    for (const line of batch)
      if (this.parser.parse(line)) this.window.push(this.parser.record.time, 0, line);
  }

  end(): void {
    this.window.flush();
    this.ended = true;
  }

  /** A line is waiting (or the input is exhausted: then `available` tells). */
  get ready(): boolean {
    return this.available || this.ended;
  }

  get available(): boolean {
    return this.head < this.times.length;
  }

  get nextTime(): number {
    return this.times[this.head]!;
  }

  shift(): string {
    const line = this.lines[this.head++]!;
    if (this.head >= 4096 && this.head * 2 >= this.times.length) {
      this.times = this.times.slice(this.head);
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    return line;
  }

  get late(): number {
    return this.window.late;
  }
}

/**
 * Which input's line comes next: the earliest time, ties to the earlier
 * input (and within one input its own order), so the merge is stable.
 * Inputs must all be `ready`; -1 when every one is exhausted. A linear scan:
 * k is the number of servers, small.
 */
export function nextInput(inputs: readonly SortedLogInput[]): number {
  let best = -1;
  let bestTime = Number.POSITIVE_INFINITY;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if (input.available && input.nextTime < bestTime) {
      best = i;
      bestTime = input.nextTime;
    }
  }
  return best;
}
