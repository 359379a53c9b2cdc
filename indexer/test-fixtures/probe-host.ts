// The probe module (test-fixtures/host/probe), compiled with graph-cli's AssemblyScript, on a
// fresh host instance per test, with a `call` that passes strings in and reads the result out.
import { instantiate, type HostInstance } from '../src/host/instance.ts';
import { compiledFixture, testServices, type TestServices } from './compiled-fixtures.ts';

export interface ProbeHost {
  h: HostInstance;
  svc: TestServices;
  call: (name: string, ...args: (number | string)[]) => string;
}

/** Compiles the probe once; the returned function instantiates it on new services. */
export async function probeHost(): Promise<(svc?: TestServices) => ProbeHost> {
  const probe = await compiledFixture('probe/probe.ts');
  return (svc = testServices()) => {
    const h = instantiate(probe, svc);
    const call = (name: string, ...args: (number | string)[]) => {
      const ptrs = args.map((a) => (typeof a === 'string' ? h.abi.newStr(a) : a));
      const r = (h.exports[name] as (...a: number[]) => number)(...ptrs);
      return r === undefined ? '' : h.abi.str(r);
    };
    return { h, svc, call };
  };
}
