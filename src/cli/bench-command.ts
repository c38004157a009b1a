import { availableParallelism, cpus } from 'node:os';
import { coreBench, benchInputs, type BenchFigure } from '../bench/core-bench.js';

/** Extra benchmark sections registered by other modules (signing, platform). */
export const BENCH_SECTIONS: Array<{ title: string; run: (ms: number) => Promise<BenchFigure[]> | BenchFigure[] }> = [];

function fmt(n: number): string {
  return Math.round(n).toLocaleString('es-CO');
}

/** `previa bench [--ms N]`: prints throughput figures measured on one core of this machine. */
export async function benchCommand(args: string[]): Promise<number> {
  const msArg = args.indexOf('--ms');
  const ms = msArg >= 0 ? Number(args[msArg + 1]) || 1500 : 1500;
  const { avgLines, avgBytes } = benchInputs();
  console.log(`Previa bench — Node ${process.version}, ${cpus()[0]?.model ?? 'CPU'} (${availableParallelism()} núcleos), un núcleo por medición`);
  console.log(`Facturas realistas: ${avgLines.toFixed(1)} líneas en promedio, ${fmt(avgBytes)} bytes de XML\n`);
  const sections = [{ title: 'Núcleo (core)', run: coreBench }, ...BENCH_SECTIONS];
  for (const s of sections) {
    console.log(`## ${s.title}`);
    for (const f of await s.run(ms)) {
      const show = (n: number) => (f.unit === 'ratio' ? n.toFixed(2) : fmt(n));
      const target = f.target !== undefined ? `  (meta ≥ ${show(f.target)}: ${f.value >= f.target ? 'cumple' : 'NO cumple'})` : '';
      console.log(`${f.name.padEnd(52)} ${show(f.value).padStart(10)} ${f.unit}${target}`);
    }
    console.log('');
  }
  return 0;
}
