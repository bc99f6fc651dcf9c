// Vite build of the peixun web UI (docs/internals/WEB.md).
// The output in dist/ is embedded in the peixun binary by tools/embed-web.c,
// so it must not need anything from another host, and must work under the
// server's CSP (default-src 'self', no 'unsafe-inline'): no inline scripts,
// no data: URIs (assetsInlineLimit 0), no module-preload polyfill.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: only the components a chunk uses, with their CSS.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: {
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite` during development, beside `make run` on port 8080
    // (PEIXUN_API=http://127.0.0.1:PORT for a server on another port).
    proxy: { '/api': process.env.PEIXUN_API || 'http://127.0.0.1:8080' },
  },
})
