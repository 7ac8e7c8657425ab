'use strict'
// node fetch.js <host:port> <topic> <partition> <offset>
// Reads <topic>/<partition> from <offset> up to the high watermark without a consumer group: kafkajs consumers always
// join a group, so this uses the cluster and broker objects under them (ListOffsets through admin, then Fetch to the
// partition leader), and the record decoding (with decompression) of kafkajs's own Fetch response parser.
// Prints "offsets <partition> <low> <high>", one "record <offset> <key> <value> <header=value,...>" per record, and
// "end <highWatermark>".
const { kafka, run } = require('./common')

const [brokers, topic, partitionArg, offsetArg] = process.argv.slice(2)
const partition = Number(partitionArg)

function privateCluster(client) {
  const key = Object.getOwnPropertySymbols(client).find(s => s.description === 'private:Kafka:createCluster')
  if (!key) throw new Error('kafkajs internals changed: no private:Kafka:createCluster')
  return client[key]({ allowAutoTopicCreation: false })
}

run(async () => {
  const client = kafka(brokers)
  const admin = client.admin()
  await admin.connect()
  let high
  try {
    for (const o of await admin.fetchTopicOffsets(topic)) {
      console.log(`offsets ${o.partition} ${o.low} ${o.high}`)
      if (o.partition === partition) high = BigInt(o.high)
    }
  } finally {
    await admin.disconnect()
  }

  const cluster = privateCluster(client)
  await cluster.connect()
  try {
    await cluster.addTargetTopic(topic)
    const leaders = cluster.findLeaderForPartitions(topic, [partition])
    const leader = await cluster.findBroker({ nodeId: Object.keys(leaders)[0] })
    let offset = BigInt(offsetArg)
    let highWatermark = high
    const deadline = Date.now() + 20000
    while (offset < high) {
      if (Date.now() > deadline) throw new Error(`stuck at offset ${offset} of ${high}`)
      const response = await leader.fetch({
        maxWaitTime: 100,
        topics: [{ topic, partitions: [{ partition, fetchOffset: offset.toString(), maxBytes: 1048576 }] }],
      })
      const data = response.responses[0].partitions[0]
      if (data.errorCode !== 0) throw new Error(`fetch failed with error ${data.errorCode}`)
      highWatermark = BigInt(data.highWatermark)
      for (const m of data.messages) {
        // a fetch starts at the batch holding the offset, so skip the records before it, as kafkajs's consumer does
        if (BigInt(m.offset) < offset) continue
        const headers = Object.entries(m.headers || {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',')
        console.log(`record ${m.offset} ${m.key} ${m.value} ${headers}`)
        offset = BigInt(m.offset) + 1n
      }
    }
    console.log(`end ${highWatermark}`)
  } finally {
    await cluster.disconnect()
  }
})
