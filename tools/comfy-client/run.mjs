// Runs a text-to-image and an image-to-image workflow against a ComfyUI server (here: genlab serve) with
// @saintno/comfyui-sdk exactly as its README shows, and prints what came back as one JSON line.
// Usage: node run.mjs http://127.0.0.1:PORT MODEL
import { ComfyApi, CallWrapper, PromptBuilder } from '@saintno/comfyui-sdk';

const [host, model] = process.argv.slice(2);

const txt2img = {
  3: { class_type: 'KSampler', inputs: { seed: 0, steps: 20, cfg: 3, sampler_name: 'euler', scheduler: 'normal',
    denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] } },
  4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'model.safetensors' } },
  5: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
  6: { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['4', 1] } },
  7: { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['4', 1] } },
  8: { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
  9: { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] } },
};

const img2img = structuredClone(txt2img);
delete img2img[5];
img2img[10] = { class_type: 'LoadImage', inputs: { image: '' } };
img2img[11] = { class_type: 'VAEEncode', inputs: { pixels: ['10', 0], vae: ['4', 2] } };
img2img[3].inputs.latent_image = ['11', 0];
img2img[3].inputs.denoise = 0.5;

function builder(workflow, extra) {
  const b = new PromptBuilder(workflow, ['checkpoint', 'seed', 'batch', 'positive', 'step', 'sampler', ...extra],
    ['images'])
    .setInputNode('checkpoint', '4.inputs.ckpt_name')
    .setInputNode('seed', '3.inputs.seed')
    .setInputNode('positive', '6.inputs.text')
    .setInputNode('step', '3.inputs.steps')
    .setInputNode('sampler', '3.inputs.sampler_name')
    .setOutputNode('images', '9');
  return b;
}

function run(api, workflow) {
  let progress = 0;
  let started = false;
  return new Promise((resolve, reject) => {
    new CallWrapper(api, workflow)
      .onStart(() => { started = true; })
      .onProgress(() => { progress += 1; })
      .onFinished((out) => resolve({ out, progress, started }))
      .onFailed((err) => reject(err))
      .run();
  });
}

async function fetchImages(api, images) {
  const out = [];
  for (const image of images) {
    const r = await fetch(api.getPathImage(image));
    const bytes = new Uint8Array(await r.arrayBuffer());
    out.push({ ...image, status: r.status, bytes: bytes.length, png: bytes[1] === 0x50 && bytes[2] === 0x4e });
  }
  return out;
}

const timer = setTimeout(() => { console.error('timed out'); process.exit(3); }, 120000);
const api = new ComfyApi(host, 'genlab-check').init();
await api.waitForReady();
const stats = await api.getSystemStats();

const first = builder(txt2img, ['batch'])
  .setInputNode('batch', '5.inputs.batch_size')
  .input('checkpoint', `${model}.safetensors`).input('seed', 5).input('batch', 2)
    // enough steps that progress still comes after the client, which listens for it only once the job has
  // started and its history was checked, is listening
  .input('positive', 'a pair of sneakers').input('step', 40).input('sampler', 'dpmpp_2m');
const t2i = await run(api, first);
const t2iImages = await fetchImages(api, t2i.out.images.images);

const upload = await api.uploadImage(new Uint8Array(await (await fetch(api.getPathImage(t2i.out.images.images[0])))
  .arrayBuffer()), 'start.png');
const second = builder(img2img, ['image'])
  .setInputNode('image', '10.inputs.image')
  .input('checkpoint', model).input('seed', 5).input('positive', 'a pair of sneakers').input('step', 6)
  .input('sampler', 'euler').input('image', upload.info.filename);
const i2i = await run(api, second);
const i2iImages = await fetchImages(api, i2i.out.images.images);

const history = await api.getHistory(Object.keys(await api.getHistories(10)).pop());
console.log(JSON.stringify({ os: stats.system.os, txt2img: { images: t2iImages, progress: t2i.progress,
  started: t2i.started }, img2img: { images: i2iImages, progress: i2i.progress, upload: upload.info },
  history: history ? history.status : null }));
clearTimeout(timer);
api.destroy();
process.exit(0);
