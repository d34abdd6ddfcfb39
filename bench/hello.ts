/**
 * The baseline of this machine: a bare Express server answering "hello", run as its own
 * process like the app, so every ratio in the bench compares like with like.
 */
import express from 'express';

const app = express();
app.get('/', (_req, res) => {
  res.send('hello');
});
// The registration rush's requests with nothing behind them (bench/rush.ts,
// runRushReference): Express's JSON body parser, and the body back as a 201 answer.
app.post('/registrations', express.json({ limit: '16kb' }), (req, res) => {
  res.status(201).json({ registration: req.body as unknown });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ ready: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
