// Reference activations of nsfwjs 4.4.0's MobileNetV2 computed by TensorFlow.js (CPU backend): the fixture
// mobilenet_v2-activations.json, which CommittedBackboneTest compares the imported trunk with. Made by
//   npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz && npm install @tensorflow/tfjs@4.22.0
//   node reference-activations.js package/dist/models/mobilenet_v2 block_10_depthwise_relu 192 \
//       > mobilenet_v2-activations.json
// Values are rounded to 5 significant digits.
const tf = require('@tensorflow/tfjs');
const path = require('path');
const dir = process.argv[2];
const layer = process.argv[3];
const size = parseInt(process.argv[4]);
const m = require(path.resolve(dir, 'model.min.js'));
const specs = m.weightsManifest.flatMap(g => g.weights);
const bufs = m.weightsManifest.flatMap(g => g.paths).map(p => Buffer.from(require(path.resolve(dir, p + '.min.js')), 'base64'));
const data = Buffer.concat(bufs);
// Only the layers up to the chosen one: the package's classifier head fixes the input at 224 pixels.
const config = m.modelTopology.model_config.config;
config.layers = config.layers.slice(0, config.layers.findIndex(l => l.name === layer) + 1);
config.layers[0].config.batch_input_shape = [null, size, size, 3];
config.output_layers = [[layer, 0, 0]];
const kept = new Set(config.layers.map(l => l.name));
const parts = [];
const keptSpecs = [];
let offset = 0;
for (const spec of specs) {
  const bytes = spec.shape.reduce((a, b) => a * b, 1);
  if (kept.has(spec.name.split('/')[0])) {
    keptSpecs.push(spec);
    parts.push(data.subarray(offset, offset + bytes));
  }
  offset += bytes;
}
const keptData = Buffer.concat(parts);
(async () => {
  const trunk = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: m.modelTopology, weightSpecs: keptSpecs,
      weightData: keptData.buffer.slice(keptData.byteOffset, keptData.byteOffset + keptData.length)}));
  // Frame f, pixel (x, y), channel c (RGB): a formula the Java test repeats.
  const frames = [0, 1].map(f => {
    const a = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) {
      a[(y * size + x) * 3 + c] = pixel(f, x, y, c, size);
    }
    return a;
  });
  const out = {package: 'nsfwjs@4.4.0', model: path.basename(dir), layer, size, tfjs: tf.version.tfjs, frames: []};
  for (const scale of ['unit', 'symmetric']) {
    for (let f = 0; f < frames.length; f++) {
      let x = tf.tensor4d(frames[f], [1, size, size, 3]).div(255);
      if (scale === 'symmetric') x = x.mul(2).sub(1);
      const y = trunk.predict(x);
      const [, h, w, ch] = y.shape;
      const v = await y.data();
      const mean = new Array(ch).fill(0);
      const round = a => a.map(x => Number(x.toPrecision(5)));
      for (let i = 0; i < h * w; i++) for (let c = 0; c < ch; c++) mean[c] += v[i * ch + c] / (h * w);
      const at = [[0, 0], [Math.floor(h / 2), Math.floor(w / 2)], [h - 1, w - 1]].map(([r, q]) =>
          ({row: r, column: q, values: round(Array.from(v.slice((r * w + q) * ch, (r * w + q + 1) * ch)))}));
      out.frames.push({frame: f, input: scale, height: h, width: w, mean: round(mean), at});
    }
  }
  console.log(JSON.stringify(out));
})();
function pixel(f, x, y, c, size) {
  const u = x / size, v = y / size;
  let p = 128 + 90 * Math.sin(6.3 * (u * (1 + f) + 0.7 * v * (c + 1))) * Math.cos(4.1 * v - f);
  if (u > 0.3 && u < 0.6 && v > 0.2 + 0.1 * f && v < 0.7) p = (c === f ? 230 : 40);
  return Math.round(Math.min(255, Math.max(0, p)));
}
