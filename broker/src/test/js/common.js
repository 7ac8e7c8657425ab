'use strict'
// Shared by the scripts that KafkajsIT runs: a kafkajs client for the broker given on the command line, quiet
// logs on stderr, and exit code 1 with the error on stderr when a step fails.
const { Kafka, logLevel } = require('kafkajs')

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'

function kafka(brokers, clientId = 'herald-kafkajs-it') {
  return new Kafka({
    clientId,
    brokers: [brokers],
    logLevel: logLevel.WARN,
    connectionTimeout: 5000,
    requestTimeout: 10000,
    retry: { retries: 3, initialRetryTime: 100 },
  })
}

function run(main) {
  main().then(
    () => process.exit(0),
    error => {
      console.error(error && error.stack ? error.stack : error)
      process.exit(1)
    }
  )
}

module.exports = { kafka, run }
