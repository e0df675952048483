/**
 * VideoMAE's fixed position table (MCG-NJU/VideoMAE modeling_finetune.py, `get_sinusoid_encoding_table`,
 * after "Attention Is All You Need"): position `pos`, channel `j` of `d`, angle `pos / 10000^(2*floor(j/2)/d)`,
 * sin on even `j`, cos on odd. Computed in double precision and rounded to float32 once, as the official code
 * does (numpy float64, then `torch.tensor(..., dtype=torch.float)`).
 */
export function sincosTable(positions: number, d: number): Float32Array {
  const table = new Float32Array(positions * d);
  for (let j = 0; j < d; j++) {
    const rate = Math.pow(10000, (2 * Math.floor(j / 2)) / d);
    const wave = j % 2 === 0 ? Math.sin : Math.cos;
    for (let pos = 0; pos < positions; pos++) table[pos * d + j] = wave(pos / rate);
  }
  return table;
}
