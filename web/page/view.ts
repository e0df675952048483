import { DEFAULT_TOP } from '../../portable/defaults.js';
import { softmax } from '../../portable/softmax.js';
import { topK } from '../../portable/top-k.js';

/** The page's DOM: labels, latency, plot, notes. Finds its elements by id in index.html. */
export class PageView {
  private readonly latencies: number[] = [];

  constructor(private readonly doc: Document) {}

  status(text: string): void {
    this.byId('status').textContent = text;
  }

  note(text: string): void {
    const p = this.doc.createElement('p');
    p.className = 'note';
    p.textContent = text;
    this.byId('notes').append(p);
  }

  /** The untrained-model warning (portable/untrained.ts), above the labels; the labels are greyed. */
  untrained(text: string): void {
    const warning = this.byId('untrained');
    warning.textContent = text;
    warning.hidden = false;
    this.byId('labels').classList.add('untrained');
  }

  /** The top classes of the smoothed scores (softmax), the first one possibly held by history smoothing. */
  labels(smoothed: Float32Array, names: readonly string[], shownTop?: number): void {
    const probs = softmax(smoothed);
    const top = topK(probs, DEFAULT_TOP);
    if (shownTop !== undefined && top[0]?.index !== shownTop) top.unshift({ index: shownTop, score: probs[shownTop] ?? 0 });
    const list = this.byId('labels');
    list.replaceChildren(
      ...top.slice(0, DEFAULT_TOP).map(({ index, score }) => {
        const li = this.doc.createElement('li');
        li.textContent = `${names[index] ?? `class ${index}`}  ${(100 * score).toFixed(1)}%`;
        return li;
      }),
    );
  }

  latency(ms: number, frame: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > 120) this.latencies.shift();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? ms;
    this.byId('latency').textContent = `frame ${frame}: ${ms.toFixed(1)} ms (median ${median.toFixed(1)} ms over the last ${sorted.length})`;
    this.plot();
  }

  clearLatency(): void {
    this.latencies.length = 0;
    this.plot();
  }

  private plot(): void {
    const canvas = this.byId('plot') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const top = Math.max(1, ...this.latencies) * 1.1;
    ctx.strokeStyle = '#2a6';
    ctx.beginPath();
    this.latencies.forEach((ms, i) => {
      const x = (i / 119) * canvas.width;
      const y = canvas.height - (ms / top) * canvas.height;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = '#666';
    ctx.fillText(`${top.toFixed(0)} ms`, 2, 10);
  }

  byId(id: string): HTMLElement {
    const element = this.doc.getElementById(id);
    if (!element) throw new Error(`the page has no #${id}`);
    return element;
  }
}
