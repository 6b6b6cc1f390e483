/** Quick check of one server while profiling: `tsx bench/http/quick.ts URL [seconds]`. */
import { hammer } from '../common';

void hammer(process.argv[2]!, Number(process.argv[3] ?? 5)).then((r) => console.log(JSON.stringify(r)));
