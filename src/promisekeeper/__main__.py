from promisekeeper.cli import main

main()
