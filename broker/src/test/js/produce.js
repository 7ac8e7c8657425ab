'use strict'
// node produce.js <host:port> <topic> <count> [none|gzip] [idempotent]
// Creates <topic> with one partition (admin createTopics; if this broker does not answer CreateTopics yet, the
// producer's Metadata request creates it), then sends <count> records in one acks=-1 request: key-<i>, value-<i>,
// headers source=kafkajs and index=<i>; with "idempotent", as an idempotent producer (InitProducerId). Prints "created <how>" and one "sent <partition> <baseOffset>" per partition.
const { CompressionTypes } = require('kafkajs')
const { kafka, run } = require('./common')

const [brokers, topic, count, codec = 'none', mode = ''] = process.argv.slice(2)

run(async () => {
  const client = kafka(brokers)
  const admin = client.admin()
  await admin.connect()
  try {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    console.log(`created ${created ? 'admin' : 'exists'}`)
  } catch (error) {
    // kafkajs refuses an API the broker does not advertise, before sending anything
    if (error.name !== 'KafkaJSServerDoesNotSupportApiKey') throw error
    console.log('created metadata')
  } finally {
    await admin.disconnect()
  }

  const idempotent = mode === 'idempotent'
  // kafkajs wants one request in flight for an idempotent producer
  const producer = client.producer({ allowAutoTopicCreation: true, idempotent, maxInFlightRequests: idempotent ? 1 : null })
  await producer.connect()
  try {
    const messages = []
    for (let i = 0; i < Number(count); i++) {
      messages.push({ key: `key-${i}`, value: `value-${i}`, headers: { source: 'kafkajs', index: String(i) } })
    }
    const compression = codec === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None
    const sent = await producer.send({ topic, acks: -1, compression, messages })
    for (const r of sent) {
      if (r.errorCode !== 0) throw new Error(`partition ${r.partition} failed with error ${r.errorCode}`)
      console.log(`sent ${r.partition} ${r.baseOffset}`)
    }
  } finally {
    await producer.disconnect()
  }
})
