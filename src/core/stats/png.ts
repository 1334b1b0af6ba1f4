import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { chartSize, fontFamily } from './chart.ts';

/**
 * SVG to PNG with resvg compiled to WebAssembly: nothing native to install, the same pixels
 * on every machine Node runs on. A server often has no fonts at all, and WebAssembly sees
 * none anyway: the text is drawn with Open Sans (Apache 2.0), loaded from the
 * `open-sans-fonts` package, so the labels always render.
 *
 * Rendering takes tens of milliseconds of CPU (the first one a second or two, compiling the
 * module): it runs in a worker thread, so the bot keeps answering interactions meanwhile.
 * The worker's code is a string (the bundle of `npm start` holds no separate file) that
 * loads the packages by the absolute paths resolved here.
 */
const require = createRequire(import.meta.url);

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { initWasm, Resvg } = require(workerData.resvg);
const fontBuffers = workerData.fonts.map((file) => new Uint8Array(readFileSync(file)));
const ready = initWasm(readFileSync(workerData.wasm));
parentPort.on('message', async ({ id, svg, scale }) => {
  try {
    await ready;
    const resvg = new Resvg(svg, {
      font: { fontBuffers, defaultFontFamily: workerData.family, sansSerifFamily: workerData.family },
      fitTo: { mode: 'zoom', value: scale },
      background: '#ffffff',
    });
    const image = resvg.render();
    const png = image.asPng();
    const result = { id, png, width: image.width, height: image.height };
    image.free();
    resvg.free();
    parentPort.postMessage(result, [png.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});
`;

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
}

type Outcome =
  { id: number; png: Uint8Array; width: number; height: number; error?: undefined } | { id: number; error: string };

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (value: RenderedPng) => void; reject: (error: Error) => void }>();

/** The renderer's thread, started at the first chart; it does not keep the process alive. */
function renderer(): Worker {
  if (worker) return worker;
  const started = new Worker(workerCode, {
    eval: true,
    workerData: {
      resvg: require.resolve('@resvg/resvg-wasm'),
      wasm: require.resolve('@resvg/resvg-wasm/index_bg.wasm'),
      fonts: [
        'open-sans-fonts/open-sans/Regular/OpenSans-Regular.ttf',
        'open-sans-fonts/open-sans/Bold/OpenSans-Bold.ttf',
      ].map((file) => require.resolve(file)),
      family: fontFamily,
    },
  });
  started.unref();
  started.on('message', (outcome: Outcome) => {
    const waiting = pending.get(outcome.id);
    pending.delete(outcome.id);
    if (outcome.error !== undefined) waiting?.reject(new Error(`chart rendering failed: ${outcome.error}`));
    else
      waiting?.resolve({
        png: Buffer.from(outcome.png.buffer, outcome.png.byteOffset, outcome.png.byteLength),
        width: outcome.width,
        height: outcome.height,
      });
  });
  // A thread that dies (a missing file) fails what it held; the next chart starts a new one.
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(error);
    }
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`chart renderer exited (${code})`)));
  worker = started;
  return started;
}

/** Renders an SVG of `chartSize` at its scale, on white, with the bundled fonts only. */
export function renderPng(svg: string, scale: number = chartSize.scale): Promise<RenderedPng> {
  const thread = renderer();
  const id = (nextId += 1);
  return new Promise<RenderedPng>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Held while it works, so a chart under way is not cut short by the process exiting.
    thread.ref();
    thread.postMessage({ id, svg, scale });
  }).finally(() => {
    if (pending.size === 0) thread.unref();
  });
}
