/** Quick check of one server while profiling: `tsx bench/http/quick.ts URL [seconds]`. */
import { parse } from '../../src/cli/args';
import { hammer } from '../common';

const [url, seconds] = parse(process.argv.slice(2), {}).positionals;
void hammer(url!, Number(seconds ?? 5)).then((r) => console.log(JSON.stringify(r)));
