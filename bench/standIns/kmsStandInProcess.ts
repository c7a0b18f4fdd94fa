/**
 * The KMS stand-in (local/registry/kmsStandIn.ts) in a process of its own, as KMS is remote:
 * its signing (@noble/curves, about 0.5 ms per Sign) and its HTTP serving stay off the
 * thread being measured. It makes its own P-256 key, which never leaves it, answers every
 * call after `delayMs` (a KMS round trip), tells its parent its endpoint and public key over
 * IPC, and then answers `{ calls: action }` with how many calls of that action it has had.
 * It ends when the parent lets go of it. Started by remoteKmsStandIn.ts.
 *
 * `tsx bench/standIns/kmsStandInProcess.ts '{"keyArn":"…","delayMs":15}'`
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { startKmsStandIn } from '../../local/registry/kmsStandIn.js';
import type { KmsStandInQuestion, KmsStandInReady } from './remoteKmsStandIn.js';

const { keyArn, delayMs } = JSON.parse(process.argv[2] ?? '{}') as { keyArn: string; delayMs: number };
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const standIn = await startKmsStandIn({ keyArn, privateKey }, 0, { delayMs });
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);
process.on('message', (question: KmsStandInQuestion) => process.send!({ id: question.id, count: standIn.calls(question.calls) }));
const ready: KmsStandInReady = {
  endpoint: standIn.endpoint,
  publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
};
process.send!(ready);
